package dev.meshctl.proxy.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Transparent interception as in a meshed pod, for real: two network namespaces joined by a veth
 * pair, {@code pod} ({@value #POD_HOST}) and {@code outside} ({@value #OUTSIDE_HOST}) of a /30 of
 * 10.231.0.0/16 chosen by this JVM's pid. {@link ProxyInit} installs its rules in {@code pod}, the
 * real proxy ({@code dev.meshctl.proxy.ProxyMain}) runs there as uid {@value #PROXY_UID} from a
 * copy of the classpath that uid can read, with no destinations (unknown destinations go to where
 * they were headed), beside an application server on {@value #APP_PORT} and {@value
 * #APP_SKIPPED_PORT}; {@code outside} has a server on {@value #OUTSIDE_PORT} and {@value
 * #OUTSIDE_SKIPPED_PORT}. Servers answer with the client's address, so a connection through the
 * proxy's inbound side shows 127.0.0.1. Whether the proxy saw a connection is read from its own
 * {@code /metrics}.
 *
 * <p>Needs root, {@code ip}, {@code iptables}, {@code iptables-save}, {@code setpriv} and {@code
 * curl}; skipped, saying which, without them. Run alone with {@code ./mvnw -B -ntp -o -pl
 * mesh-proxy test -Dtest=ProxyInitNetnsTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyInitNetnsTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PROXY_UID = "2102";
  private static final String POD_HOST = ".2";
  private static final String OUTSIDE_HOST = ".1";
  private static final int APP_PORT = 8080;
  private static final int APP_SKIPPED_PORT = 8081;
  private static final int OUTSIDE_PORT = 9090;
  private static final int OUTSIDE_SKIPPED_PORT = 9091;
  private static final String METRICS = "http://127.0.0.1:4191/metrics";

  private final long pid = ProcessHandle.current().pid();
  private final String pod = "mpi-pod-" + pid;
  private final String outside = "mpi-out-" + pid;
  private final String subnet = "10.231." + (pid % 250 + 1);
  private final String podIp = subnet + POD_HOST;
  private final String outsideIp = subnet + OUTSIDE_HOST;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final String java = ProcessHandle.current().info().command().orElseThrow();
  private List<String> initArgs;
  private Path workDir;
  private Path proxyLog;

  @BeforeAll
  void podWithProxyInitAndProxy() throws Exception {
    assumeTrue(
        "0".equals(run(List.of("id", "-u")).out.trim()),
        "ProxyInitNetnsTest needs root (network namespaces, iptables); skipped");
    for (String tool : List.of("ip", "iptables", "iptables-save", "setpriv", "curl")) {
      assumeTrue(onPath(tool), "ProxyInitNetnsTest needs '" + tool + "' on the PATH; skipped");
    }
    for (String ns : List.of(pod, outside)) {
      ok(List.of("ip", "netns", "add", ns));
      namespaces.add(ns);
      ok(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }
    String podIf = "mpi" + pid + "p";
    String outIf = "mpi" + pid + "o";
    ok(
        List.of(
            "ip", "-n", pod, "link", "add", podIf, "type", "veth", "peer", "name", outIf, "netns",
            outside));
    ok(List.of("ip", "-n", pod, "addr", "add", podIp + "/30", "dev", podIf));
    ok(List.of("ip", "-n", outside, "addr", "add", outsideIp + "/30", "dev", outIf));
    ok(List.of("ip", "-n", pod, "link", "set", podIf, "up"));
    ok(List.of("ip", "-n", outside, "link", "set", outIf, "up"));

    workDir =
        Files.createTempDirectory(
            "mesh-proxy-init-netns",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    String testClasspath = System.getProperty("java.class.path");
    Path outsideLog = workDir.resolve("outside.log");
    Path appLog = workDir.resolve("app.log");
    start(
        inNamespace(
            outside,
            java,
            "-cp",
            testClasspath,
            EchoPeerServers.class.getName(),
            outsideIp + ":" + OUTSIDE_PORT,
            outsideIp + ":" + OUTSIDE_SKIPPED_PORT),
        outsideLog,
        Map.of());
    start(
        inNamespace(
            pod,
            java,
            "-cp",
            testClasspath,
            EchoPeerServers.class.getName(),
            "0.0.0.0:" + APP_PORT,
            "0.0.0.0:" + APP_SKIPPED_PORT),
        appLog,
        Map.of());

    initArgs =
        List.of(
            "--proxy-uid",
            PROXY_UID,
            "--inbound-port",
            "4143",
            "--outbound-port",
            "4140",
            "--ignore-inbound-ports",
            "4190,4191," + APP_SKIPPED_PORT,
            "--ignore-outbound-ports",
            String.valueOf(OUTSIDE_SKIPPED_PORT));
    proxyInit("first run");

    String proxyClasspath = readableCopyOfTheClasspath(workDir.resolve("cp"));
    proxyLog = workDir.resolve("proxy.log");
    List<String> proxy =
        inNamespace(
            pod,
            "setpriv",
            "--reuid=" + PROXY_UID,
            "--regid=" + PROXY_UID,
            "--clear-groups",
            "--",
            java,
            "-Dio.netty.leakDetection.level=paranoid",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            proxyClasspath,
            "dev.meshctl.proxy.ProxyMain");
    start(
        proxy,
        proxyLog,
        Map.of("MESH_PROXY_TRANSPORT", "epoll", "MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "0s"));

    // The proxy's readiness, with the tool a classic sidecar's postStart hook runs.
    long start = System.nanoTime();
    Result ready =
        run(
            inNamespace(
                pod,
                java,
                "-cp",
                testClasspath,
                AwaitReady.class.getName(),
                "--port",
                "4191",
                "--timeout",
                WAIT.toSeconds() + "s"));
    assertThat(ready.code)
        .as("AwaitReady: %s%s\nproxy log:\n%s", ready.out, ready.err, read(proxyLog))
        .isZero();
    System.out.printf(
        "ProxyInitNetnsTest: AwaitReady saw the proxy ready after %d ms (process included)%n",
        (System.nanoTime() - start) / 1_000_000);
    awaitLine(outsideLog, "listening");
    awaitLine(appLog, "listening");
  }

  @AfterAll
  void cleanUp() throws Exception {
    try {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      if (proxyLog != null) {
        assertThat(read(proxyLog)).as("proxy log").doesNotContain("LEAK:");
      }
    } finally {
      for (String ns : namespaces) {
        run(List.of("ip", "netns", "delete", ns));
      }
      if (workDir != null) {
        try (var files = Files.walk(workDir)) {
          files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
    }
  }

  @Test
  void appConnectingOut_goesThroughTheOutboundProxy_once_perRequest() throws Exception {
    String target = "target_addr=\"" + outsideIp + ":" + OUTSIDE_PORT + "\"";
    double requestsBefore = sum(metrics(), "request_total", "direction=\"outbound\"", target);
    double opensBefore = sum(metrics(), "tcp_open_total", "direction=\"outbound\"", target);

    for (int i = 0; i < 3; i++) {
      String body = curl(pod, "http://" + outsideIp + ":" + OUTSIDE_PORT + "/outbound/" + i);
      assertThat(body).isEqualTo("hello from " + OUTSIDE_PORT + "; peer " + podIp + "\n");
    }

    // Exactly the requests made: the proxy's own connection out was not redirected to itself.
    String metrics = metrics();
    assertThat(sum(metrics, "request_total", "direction=\"outbound\"", target) - requestsBefore)
        .isEqualTo(3);
    assertThat(sum(metrics, "tcp_open_total", "direction=\"outbound\"", target) - opensBefore)
        .isBetween(1.0, 3.0);
  }

  @Test
  void outsideConnectingIn_goesThroughTheInboundProxy_toTheAppOnLoopback() throws Exception {
    double before = sum(metrics(), "request_total", "direction=\"inbound\"");

    String body = curl(outside, "http://" + podIp + ":" + APP_PORT + "/inbound");

    assertThat(body).isEqualTo("hello from " + APP_PORT + "; peer 127.0.0.1\n");
    assertThat(sum(metrics(), "request_total", "direction=\"inbound\"") - before).isEqualTo(1);
  }

  @Test
  void skippedOutboundPort_bypassesTheProxy() throws Exception {
    String before = metrics();

    String body = curl(pod, "http://" + outsideIp + ":" + OUTSIDE_SKIPPED_PORT + "/");

    assertThat(body).isEqualTo("hello from " + OUTSIDE_SKIPPED_PORT + "; peer " + podIp + "\n");
    String after = metrics();
    for (String metric : List.of("request_total", "tcp_open_total")) {
      assertThat(sum(after, metric, "direction=\"outbound\""))
          .as(metric)
          .isEqualTo(sum(before, metric, "direction=\"outbound\""));
    }
  }

  @Test
  void skippedInboundPort_bypassesTheProxy() throws Exception {
    String before = metrics();

    String body = curl(outside, "http://" + podIp + ":" + APP_SKIPPED_PORT + "/");

    assertThat(body).isEqualTo("hello from " + APP_SKIPPED_PORT + "; peer " + outsideIp + "\n");
    String after = metrics();
    for (String metric : List.of("request_total", "tcp_open_total")) {
      assertThat(sum(after, metric, "direction=\"inbound\""))
          .as(metric)
          .isEqualTo(sum(before, metric, "direction=\"inbound\""));
    }
  }

  @Test
  void proxyInitTwice_leavesExactlyTheSameRules() throws Exception {
    String before = natRules();

    proxyInit("second run");

    String after = natRules();
    assertThat(after).isEqualTo(before);
    assertThat(after)
        .containsOnlyOnce("-A PREROUTING -p tcp -j MESH_INBOUND\n")
        .containsOnlyOnce("-A OUTPUT -p tcp -j MESH_OUTBOUND\n")
        .containsOnlyOnce("-A MESH_OUTBOUND -p tcp -j REDIRECT --to-ports 4140\n")
        .containsOnlyOnce("-A MESH_INBOUND -p tcp -j REDIRECT --to-ports 4143\n");
  }

  /** Runs ProxyInit in {@code pod} and prints how long it took, with and without the JVM start. */
  private void proxyInit(String which) throws Exception {
    List<String> command =
        new ArrayList<>(
            inNamespace(
                pod,
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ProxyInit.class.getName()));
    command.addAll(initArgs);
    long start = System.nanoTime();
    Result result = run(command);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(result.code).as("ProxyInit: %s%s", result.out, result.err).isZero();
    String installed = result.out.lines().findFirst().orElse("");
    System.out.printf(
        "ProxyInitNetnsTest: ProxyInit %s took %d ms as a process (JVM start included); it said:"
            + " %s%n",
        which, millis, installed);
  }

  /** The nat table of {@code pod}, without iptables-save's comment lines (dates). */
  private String natRules() throws Exception {
    return ok(inNamespace(pod, "iptables-save", "-t", "nat"))
        .lines()
        .filter(line -> !line.startsWith("#"))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private String metrics() throws Exception {
    return curl(pod, METRICS);
  }

  private String curl(String ns, String url) throws Exception {
    return ok(inNamespace(ns, "curl", "-sS", "--noproxy", "*", "--max-time", "20", url));
  }

  /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
  private static double sum(String metrics, String name, String... labels) {
    double total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /**
   * Copies the proxy's runtime classpath (not the test classes) to {@code dir}, readable by every
   * user: the build's files may sit under a home directory the proxy's uid cannot enter.
   */
  private static String readableCopyOfTheClasspath(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Path.of(entry);
      if (entry.isEmpty() || !Files.exists(source) || source.endsWith("test-classes")) {
        continue;
      }
      Path target = dir.resolve(n++ + "-" + source.getFileName());
      if (Files.isDirectory(source)) {
        try (var files = Files.walk(source)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            Path copy = target.resolve(source.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(copy);
            } else {
              Files.copy(file, copy);
            }
          }
        }
      } else {
        Files.copy(source, target);
      }
      entries.add(target.toString());
    }
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private void start(List<String> command, Path log, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("MESH_PROXY_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    processes.add(process);
  }

  private void awaitLine(Path log, String line) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!read(log).lines().anyMatch(line::equals)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no '" + line + "' in " + log + " within " + WAIT + ":\n" + read(log));
      }
      Thread.sleep(50);
    }
  }

  private static List<String> inNamespace(String ns, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(Arrays.asList(command));
    return full;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private record Result(int code, String out, String err) {}

  /** Runs a command to its end, at most {@link #WAIT}; returns its standard output. */
  private static String ok(List<String> command) throws Exception {
    Result result = run(command);
    if (result.code != 0) {
      throw new AssertionError(
          "exit "
              + result.code
              + ": "
              + String.join(" ", command)
              + "\n"
              + result.out
              + result.err);
    }
    return result.out;
  }

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out after " + WAIT + ": " + String.join(" ", command));
    }
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static String readAll(java.io.InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
