package dev.meshctl.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts mesh proxies the way the project ships them: through its launcher script ({@code
 * mesh-proxy/bin/mesh-proxy}, with the JVM defaults it sets), configured only by {@code
 * MESH_PROXY_*} variables, and times each from process start to its admin {@code /ready} answering
 * 200, polled every millisecond from the load generator's core.
 */
public final class MeshProxyLauncher {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /** A started proxy and how long it took to become ready. */
  public record Started(SutProcess process, Startup startup) {}

  private final SutLauncher launcher;
  private final Path script;
  private final Path jar;

  /**
   * @param script the project's launcher script
   * @param jar the proxy jar it runs ({@code MESHCTL_PROXY_JAR}); its class-data sharing archive is
   *     kept beside it
   */
  public MeshProxyLauncher(SutLauncher launcher, Path script, Path jar) {
    this.launcher = launcher;
    this.script = script;
    this.jar = jar;
  }

  /** The class-data sharing archive the launcher makes beside the jar on a first run. */
  public Path archive() {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
  }

  /**
   * Starts a proxy named {@code name} with {@code env} (its {@code MESH_PROXY_*} variables; none is
   * inherited, nor {@code MESHCTL_PROXY_JAVA_OPTS}, which would replace the shipped JVM defaults)
   * and waits for {@code GET /ready} on {@code admin} to answer 200.
   */
  public Started start(String name, Map<String, String> env, InetSocketAddress admin)
      throws IOException, InterruptedException {
    boolean cds = Files.isRegularFile(archive());
    Map<String, String> all = new HashMap<>(env);
    all.put("MESHCTL_PROXY_JAR", jar.toString());
    long start = System.nanoTime();
    SutProcess process =
        launcher.start(
            name,
            List.of(script.toString()),
            all,
            List.of("MESH_PROXY_", "MESHCTL_PROXY_", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
    long deadline = start + READY_TIMEOUT.toNanos();
    while (HttpProbe.status(admin, "/ready") != 200) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited before it was ready:\n" + process.logTail());
      }
      if (System.nanoTime() > deadline) {
        launcher.stop(process);
        throw new IOException(
            name + " not ready within " + READY_TIMEOUT + ":\n" + process.logTail());
      }
      Thread.sleep(1);
    }
    double readyMillis = (System.nanoTime() - start) / 1e6;
    return new Started(process, new Startup(name, readyMillis, cds));
  }

  /** The variables that put a proxy's three listeners on the given loopback addresses. */
  public static Map<String, String> listeners(
      InetSocketAddress outbound, InetSocketAddress inbound, InetSocketAddress admin) {
    return Map.of(
        "MESH_PROXY_OUTBOUND_LISTEN_ADDR", Ports.text(outbound),
        "MESH_PROXY_INBOUND_LISTEN_ADDR", Ports.text(inbound),
        "MESH_PROXY_ADMIN_LISTEN_ADDR", Ports.text(admin));
  }
}
