package dev.meshctl.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code ./meshctl demo --dashboard-port 0 --api-port 0} with its own MESHCTL_HOME, as a
 * newcomer starts it, for tests that look at the local mesh from outside (the dashboard in a
 * browser). Knows where the mesh answers from {@code $MESHCTL_HOME/local/mesh.json}, runs further
 * {@code meshctl} commands against it, and stops it with SIGTERM (what Ctrl-C does).
 */
final class LocalDemo implements AutoCloseable {

  private static final Path ROOT =
      Path.of(System.getProperty("meshctl.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  private final Process process;
  private final Path home;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LocalDemo(Process process, Path home) {
    this.process = process;
    this.home = home;
  }

  /** The repository root, where {@code ./meshctl} and the built jars are. */
  static Path root() {
    return ROOT;
  }

  /** Starts the demo and returns once it prints that the local mesh is ready. */
  static LocalDemo start(Path home) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                ROOT.resolve("meshctl").toString(),
                "demo",
                "--dashboard-port",
                "0",
                "--api-port",
                "0")
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    builder.environment().put("MESHCTL_HOME", home.toString());
    LocalDemo demo = new LocalDemo(builder.start(), home);
    demo.process.getOutputStream().close();
    Thread reader = new Thread(demo::collectOutput, "meshctl-demo-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (demo.lines.stream().noneMatch(l -> l.startsWith("The local mesh is ready"))) {
      if (!demo.process.isAlive()) {
        throw new AssertionError("meshctl demo exited while starting:\n" + demo.output());
      }
      if (System.nanoTime() > deadline) {
        demo.close();
        throw new AssertionError(
            "meshctl demo not ready within " + START_TIMEOUT + ":\n" + demo.output());
      }
      Thread.sleep(200);
    }
    return demo;
  }

  private void collectOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println("[demo] " + line);
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended; what it printed so far is kept
    }
  }

  /** A field of mesh.json, e.g. {@code webUrl}, without a trailing slash; fails when absent. */
  String meshFileField(String name) throws IOException {
    JsonNode state = JSON.readTree(Files.readString(home.resolve("local/mesh.json")));
    String value = state.path(name).asText("");
    if (value.isBlank()) {
      throw new AssertionError("mesh.json has no " + name + ": " + state);
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  /** The admin URL of the proxy process {@code name} (e.g. {@code web-proxy}) from mesh.json. */
  String proxyAdmin(String name) throws IOException {
    JsonNode state = JSON.readTree(Files.readString(home.resolve("local/mesh.json")));
    for (JsonNode entry : state.path("processes")) {
      if (entry.path("name").asText().equals(name) && entry.hasNonNull("proxyAdmin")) {
        String url = entry.path("proxyAdmin").asText();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      }
    }
    throw new AssertionError("no proxy " + name + " in mesh.json: " + state);
  }

  /**
   * Starts {@code ./meshctl ARGS} against this mesh without waiting for it; its output goes to
   * {@code log}.
   */
  Process startMeshctl(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("meshctl").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("MESHCTL_HOME", home.toString());
    Process started = builder.start();
    started.getOutputStream().close();
    return started;
  }

  String output() {
    return String.join("\n", lines);
  }

  /** SIGTERM, as Ctrl-C; forcibly after a minute. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
