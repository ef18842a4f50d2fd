package dev.meshctl.proxy.it;

import static dev.meshctl.proxy.it.TransparentModeMain.BACKEND_IP;
import static dev.meshctl.proxy.it.TransparentModeMain.HTTP_DIRECT_PORT;
import static dev.meshctl.proxy.it.TransparentModeMain.HTTP_PORT;
import static dev.meshctl.proxy.it.TransparentModeMain.TCP_CLIENT_FIRST_PORT;
import static dev.meshctl.proxy.it.TransparentModeMain.TCP_SERVER_FIRST_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshctl.proxy.testing.ProxyFixture;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Transparent mode as in a pod: in a network namespace of its own, an iptables {@code REDIRECT}
 * sends the client's connections to the proxy's outbound listener, and the proxy finds where they
 * were headed with {@code SO_ORIGINAL_DST} (epoll transport) and dials that. The proxy and the
 * backends run as root in one JVM ({@link TransparentModeMain}); the client runs as uid 65534, the
 * only uid the rule redirects, so the proxy's own connections to the backends are not redirected
 * back to it. Backends answer with the uid that owns the connecting socket: 0 means the proxy.
 *
 * <p>Needs root, {@code ip}, {@code iptables}, {@code setpriv} and {@code curl}; skipped without
 * them. Every address used is inside the namespace ({@value TransparentModeMain#BACKEND_IP} is on
 * its loopback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransparentModeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String UNPRIVILEGED = "65534";
  private static final String OUTBOUND_PORT = "4140";
  private static final String ADMIN = "http://127.0.0.1:4191";

  private final String namespace = "meshproxy-it-" + ProcessHandle.current().pid();
  private boolean namespaceCreated;
  private Path workDir;
  private Path log;
  private Process proxy;

  @BeforeAll
  void startProxyInANamespace() throws Exception {
    assumeTrue(
        "0".equals(output(List.of("id", "-u")).trim()),
        "transparent mode needs root (network namespaces and iptables)");
    for (String tool : List.of("ip", "iptables", "setpriv", "curl")) {
      assumeTrue(onPath(tool), "transparent mode needs '" + tool + "' on the PATH");
    }

    run(List.of("ip", "netns", "add", namespace));
    namespaceCreated = true;
    run(inNamespace("ip", "link", "set", "lo", "up"));
    // Only the client's uid: the proxy (root) dials the same original destinations.
    String redirect =
        String.format(
            "iptables -t nat -A OUTPUT -p tcp -d %s -m multiport --dports %d,%d,%d"
                + " -m owner --uid-owner %s -j REDIRECT --to-ports %s",
            BACKEND_IP,
            HTTP_PORT,
            TCP_CLIENT_FIRST_PORT,
            TCP_SERVER_FIRST_PORT,
            UNPRIVILEGED,
            OUTBOUND_PORT);
    run(inNamespace(redirect.split(" ")));

    workDir = Files.createTempDirectory("meshproxy-transparent");
    copyClientClass(workDir);
    log = workDir.resolve("proxy.log");

    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    command.addAll(
        List.of(
            javaBinary(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dio.netty.leakDetection.level=paranoid",
            "-XX:TieredStopAtLevel=1",
            TransparentModeMain.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("MESH_PROXY_"));
    env.put("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + OUTBOUND_PORT);
    env.put("MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:4143");
    env.put("MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:4191");
    env.put("MESH_PROXY_TRANSPORT", "epoll");
    env.put("MESH_PROXY_OPAQUE_PORTS", String.valueOf(TCP_SERVER_FIRST_PORT));
    // Long enough that a banner held back by detection would time the client out.
    env.put("MESH_PROXY_DETECT_PROTOCOL_TIMEOUT", "60s");
    env.put("MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "0s");
    proxy = builder.start();

    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String text = logText();
              if (!proxy.isAlive()) {
                throw new AssertionError("the proxy exited early:\n" + text);
              }
              return text.contains("backends ready") && text.contains(" ready in ");
            });
  }

  @AfterAll
  void removeNamespace() throws Exception {
    try {
      if (proxy != null) {
        proxy.destroy(); // SIGTERM: the proxy drains and exits
        if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
          proxy.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        assertThat(logText()).as("proxy log").doesNotContain("LEAK:");
      }
    } finally {
      if (namespaceCreated) {
        run(List.of("ip", "netns", "delete", namespace));
      }
      if (workDir != null) {
        try (var files = Files.walk(workDir)) {
          files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        }
      }
    }
  }

  @Test
  void httpRequest_toTheOriginalDestination_isRedirectedThroughTheProxy() throws Exception {
    String body =
        output(
            asClient(
                "curl", "-sS", "--max-time", "10", "http://" + BACKEND_IP + ":" + HTTP_PORT + "/"));

    assertThat(body).isEqualTo("hello from " + BACKEND_IP + ":" + HTTP_PORT + "; peer uid 0\n");
    String metrics =
        ProxyFixture.withoutEmptyIdentities(
            output(inNamespace("curl", "-sS", "--max-time", "10", ADMIN + "/metrics")));
    assertThat(metrics)
        .containsPattern(
            "(?m)^request_total\\{[^}]*direction=\"outbound\"[^}]*target_addr=\""
                + BACKEND_IP
                + ":"
                + HTTP_PORT
                + "\"[^}]*\\} [1-9]");
  }

  @Test
  void httpRequest_toAPortTheRuleLeavesOut_goesDirectly() throws Exception {
    // The control: the uid the backend reports tells the proxy (0) from the client (65534).
    String body =
        output(
            asClient(
                "curl",
                "-sS",
                "--max-time",
                "10",
                "http://" + BACKEND_IP + ":" + HTTP_DIRECT_PORT + "/"));

    assertThat(body)
        .isEqualTo(
            "hello from "
                + BACKEND_IP
                + ":"
                + HTTP_DIRECT_PORT
                + "; peer uid "
                + UNPRIVILEGED
                + "\n");
  }

  @Test
  void opaqueClientFirstConnection_isRedirectedThroughTheProxy() throws Exception {
    String reply =
        output(
            asClient(
                javaBinary(),
                "-cp",
                workDir.toString(),
                TransparentModeClient.class.getName(),
                "client-first",
                BACKEND_IP,
                String.valueOf(TCP_CLIENT_FIRST_PORT),
                "300000"));

    assertThat(reply).isEqualTo("received 300000 bytes; peer uid 0\n");
    String metrics =
        ProxyFixture.withoutEmptyIdentities(
            output(inNamespace("curl", "-sS", "--max-time", "10", ADMIN + "/metrics")));
    assertThat(metrics)
        .containsPattern(
            "(?m)^tcp_open_total\\{direction=\"outbound\",peer=\"dst\",target_addr=\""
                + BACKEND_IP
                + ":"
                + TCP_CLIENT_FIRST_PORT
                + "\",tls=\"no_identity\"\\} [1-9]");
  }

  @Test
  void serverFirstConnection_toAnOpaqueOriginalPort_getsItsBannerThroughTheProxy()
      throws Exception {
    String reply =
        output(
            asClient(
                javaBinary(),
                "-cp",
                workDir.toString(),
                TransparentModeClient.class.getName(),
                "server-first",
                BACKEND_IP,
                String.valueOf(TCP_SERVER_FIRST_PORT)));

    // The opaque decision used the original destination's port (the listener's own is 4140):
    // otherwise the silent client would wait out the 60 s detection timeout and time out first.
    assertThat(reply).isEqualTo("220 banner; peer uid 0\n221 bye\n");
  }

  private List<String> inNamespace(String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(Arrays.asList(command));
    return full;
  }

  private List<String> asClient(String... command) {
    List<String> full =
        new ArrayList<>(
            inNamespace(
                "setpriv",
                "--reuid",
                UNPRIVILEGED,
                "--regid",
                UNPRIVILEGED,
                "--clear-groups",
                "--"));
    full.addAll(Arrays.asList(command));
    return full;
  }

  private String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The client class file alone, in a directory the unprivileged user can read. */
  private static void copyClientClass(Path dir) throws Exception {
    String resource = TransparentModeClient.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(resource);
    Files.createDirectories(target.getParent());
    try (var in = TransparentModeClient.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
    for (Path p = target; p.startsWith(dir); p = p.getParent()) {
      Files.setPosixFilePermissions(
          p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void run(List<String> command) throws Exception {
    output(command);
  }

  /** Runs a command to its end and returns its standard output; fails on a non-zero exit. */
  private static String output(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    var err =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "exit "
              + process.exitValue()
              + ": "
              + String.join(" ", command)
              + "\n"
              + out
              + err.join());
    }
    return out;
  }
}
