package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meshctl demo} as a newcomer runs it: started from the launcher with its own
 * MESHCTL_HOME, checked through the other commands ({@code stat}, {@code routes}, {@code tap},
 * {@code edges}, {@code check}), then stopped two ways: SIGTERM (what Ctrl-C does) and a crashed
 * child. After each, no process of the local mesh is left.
 */
class DemoIT {

  private static final Path ROOT =
      Path.of(System.getProperty("meshctl.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDENTITY_SUFFIX =
      ".demo.serviceaccount.identity.meshctl-system.cluster.local";

  @TempDir Path home;

  @Test
  void demo_isReady_showsGoldenMetricsTapAndEdges_andStopsCleanly() throws Exception {
    Demo demo = Demo.start(home);
    try {
      System.out.printf("meshctl demo ready in %.1f s%n", demo.readySeconds);

      // stat: every serving workload gets requests; success below 100% exactly where the
      // failing call is (authors' GetAuthor, and web's pages that need it), books at 100%.
      JsonNode stat =
          awaitJson(
              node -> {
                Map<String, JsonNode> rows = rowsByName(node);
                return rows.keySet().containsAll(List.of("web", "books", "authors", "traffic"))
                    && rows.get("web").path("rps").asDouble() > 0
                    && rows.get("books").path("rps").asDouble() > 0
                    && rows.get("authors").path("rps").asDouble() > 0
                    && rows.get("authors").path("successRate").isNumber()
                    && rows.get("authors").path("successRate").asDouble() < 1.0;
              },
              "stat",
              "deploy",
              "-n",
              "demo",
              "-o",
              "json");
      System.out.println("stat deploy -n demo: " + stat);
      Map<String, JsonNode> rows = rowsByName(stat);
      assertThat(rows.get("books").path("successRate").asDouble()).isEqualTo(1.0);
      assertThat(rows.get("web").path("successRate").asDouble()).isLessThan(1.0);
      assertThat(rows.get("authors").path("successRate").asDouble()).isBetween(0.5, 0.95);
      for (String name : List.of("web", "books", "authors")) {
        assertThat(rows.get(name).path("meshedPods").asInt()).as(name).isEqualTo(1);
        assertThat(rows.get(name).path("latencyP99Ms").isNumber()).as(name).isTrue();
      }
      // traffic only calls: its requests show as the outbound side toward web.
      JsonNode fromTraffic =
          awaitJson(
              node ->
                  rowsByName(node).getOrDefault("web", JSON.nullNode()).path("rps").asDouble() > 0,
              "stat",
              "deploy/web",
              "-n",
              "demo",
              "--from",
              "deploy/traffic",
              "-o",
              "json");
      System.out.println("stat deploy/web --from deploy/traffic: " + fromTraffic);

      // The table a person reads.
      Result table = demo.meshctl("stat", "deploy", "-n", "demo");
      assertThat(table.exitCode).isZero();
      assertThat(table.stdout).contains("NAME").contains("SUCCESS").contains("authors");

      // routes: the failing call has a name.
      JsonNode routes =
          awaitJson(
              node -> {
                for (JsonNode row : node.path("rows")) {
                  if (row.path("route").asText().equals("GetAuthor")
                      && row.path("successRate").isNumber()) {
                    return true;
                  }
                }
                return false;
              },
              "routes",
              "deploy/web",
              "-n",
              "demo",
              "-o",
              "json");
      for (JsonNode row : routes.path("rows")) {
        if (row.path("route").asText().equals("GetAuthor")) {
          assertThat(row.path("successRate").asDouble()).isLessThan(1.0);
        }
        if (row.path("route").asText().equals("ListBooks") && row.path("successRate").isNumber()) {
          assertThat(row.path("successRate").asDouble()).isEqualTo(1.0);
        }
      }

      // tap: live events, over mTLS, with identities.
      Result tap =
          demo.meshctl("tap", "deploy/web", "-n", "demo", "--duration", "8s", "-o", "json");
      assertThat(tap.exitCode).as(tap.stderr).isZero();
      List<JsonNode> events = new ArrayList<>();
      for (String line : tap.stdout.split("\n")) {
        if (!line.isBlank()) {
          events.add(JSON.readTree(line));
        }
      }
      List<JsonNode> requests =
          events.stream().filter(e -> e.path("type").asText().equals("request")).toList();
      assertThat(requests).isNotEmpty();
      assertThat(requests).allSatisfy(e -> assertThat(e.path("tls").asBoolean()).isTrue());
      assertThat(requests)
          .anySatisfy(
              e ->
                  assertThat(e.path("sourceIdentity").asText())
                      .isEqualTo("traffic" + IDENTITY_SUFFIX));
      assertThat(requests)
          .anySatisfy(
              e ->
                  assertThat(e.path("destinationIdentity").asText())
                      .isEqualTo("authors" + IDENTITY_SUFFIX));
      Result tapTable = demo.meshctl("tap", "deploy/web", "-n", "demo", "--duration", "3s");
      assertThat(tapTable.stdout).contains("req id=").contains("tls=true");

      // edges: each caller-callee pair, with both identities, secured.
      JsonNode edges =
          awaitJson(
              node ->
                  edgePairs(node).containsAll(Set.of("traffic>web", "web>books", "web>authors")),
              "edges",
              "deploy",
              "-n",
              "demo",
              "-o",
              "json");
      for (JsonNode edge : edges.path("rows")) {
        String src = edge.path("src").path("name").asText();
        String dst = edge.path("dst").path("name").asText();
        if (Set.of("traffic", "web").contains(src)) {
          assertThat(edge.path("clientId").asText()).isEqualTo(src + IDENTITY_SUFFIX);
          assertThat(edge.path("serverId").asText()).isEqualTo(dst + IDENTITY_SUFFIX);
          assertThat(edge.path("secured").asBoolean()).isTrue();
        }
      }

      Result check = demo.meshctl("check");
      assertThat(check.exitCode).as(check.stdout + check.stderr).isZero();
      assertThat(check.stdout).doesNotContain("×");
    } finally {
      demo.stop();
    }
    // Ctrl-C (SIGTERM here): every process it started is gone, and mesh.json with them. The JVM
    // ends as a process stopped by that signal does (128 + 15).
    assertThat(demo.exitCode()).isEqualTo(143);
    assertThat(demo.output()).contains("Stopped every process of the local mesh.");
    assertThat(demo.survivors()).isEmpty();
    assertThat(Files.exists(home.resolve("local/mesh.json"))).isFalse();
  }

  @Test
  void aCrashedChild_stopsTheWholeDemo_andLeavesNothingToCleanUp() throws Exception {
    Demo demo = Demo.start(home);
    try {
      long books = demo.pidOf("books");
      ProcessHandle.of(books).orElseThrow().destroyForcibly();
      assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(demo.exitCode()).isEqualTo(1);
      assertThat(demo.output()).contains("✖ books exited with code");
      assertThat(demo.survivors()).isEmpty();
    } finally {
      demo.stop();
    }

    // What --down does with processes whose meshctl demo is gone is LocalMeshDownTest's (mesh-cli),
    // with real processes: a third start of the whole mesh here would add a minute for it.
    Result down = demo.meshctl("demo", "--down");
    assertThat(down.exitCode).as(down.stderr).isZero();
    assertThat(down.stdout).contains("No local mesh is recorded");
  }

  private JsonNode awaitJson(Predicate<JsonNode> done, String... args) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Result last = null;
    while (System.nanoTime() < deadline) {
      last = Demo.meshctl(home, args);
      if (last.exitCode == 0) {
        JsonNode node = JSON.readTree(last.stdout);
        if (done.test(node)) {
          return node;
        }
      }
      Thread.sleep(2000);
    }
    throw new AssertionError(
        "meshctl "
            + String.join(" ", args)
            + " never showed what was expected; last answer: "
            + last);
  }

  private static Map<String, JsonNode> rowsByName(JsonNode answer) {
    Map<String, JsonNode> rows = new HashMap<>();
    for (JsonNode row : answer.path("rows")) {
      rows.put(row.path("name").asText(), row);
    }
    return rows;
  }

  private static Set<String> edgePairs(JsonNode answer) {
    Set<String> pairs = new TreeSet<>();
    for (JsonNode row : answer.path("rows")) {
      pairs.add(
          row.path("src").path("name").asText() + ">" + row.path("dst").path("name").asText());
    }
    return pairs;
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  /** A running {@code ./meshctl demo}, its output collected as it comes. */
  private static final class Demo {
    final Process process;
    final Path home;
    final List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader;
    double readySeconds;

    private Demo(Process process, Path home) {
      this.process = process;
      this.home = home;
    }

    static Demo start(Path home) throws Exception {
      long started = System.nanoTime();
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
      Demo demo = new Demo(builder.start(), home);
      demo.process.getOutputStream().close();
      Thread reader =
          demo.reader =
              new Thread(
                  () -> {
                    try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(
                                demo.process.getInputStream(), StandardCharsets.UTF_8))) {
                      String line;
                      while ((line = in.readLine()) != null) {
                        System.out.println("[demo] " + line);
                        demo.lines.add(line);
                      }
                    } catch (IOException e) {
                      // the process ended
                    }
                  });
      reader.setDaemon(true);
      reader.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      while (demo.lines.stream().noneMatch(l -> l.startsWith("The local mesh is ready"))) {
        if (!demo.process.isAlive()) {
          throw new AssertionError("meshctl demo exited while starting:\n" + demo.output());
        }
        if (System.nanoTime() > deadline) {
          demo.stop();
          throw new AssertionError("meshctl demo not ready within 240 s:\n" + demo.output());
        }
        Thread.sleep(200);
      }
      demo.readySeconds = (System.nanoTime() - started) / 1e9;
      return demo;
    }

    Result meshctl(String... args) throws Exception {
      return meshctl(home, args);
    }

    static Result meshctl(Path home, String... args) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(ROOT.resolve("meshctl").toString());
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
      builder.environment().put("MESHCTL_HOME", home.toString());
      Path stderr = Files.createTempFile("meshctl", ".err");
      builder.redirectError(stderr.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(stderr);
      Files.delete(stderr);
      return new Result(process.exitValue(), out, err);
    }

    long pidOf(String name) throws IOException {
      JsonNode state = JSON.readTree(Files.readString(home.resolve("local/mesh.json")));
      for (JsonNode entry : state.path("processes")) {
        if (entry.path("name").asText().equals(name)) {
          return entry.path("pid").asLong();
        }
      }
      throw new AssertionError("no process " + name + " in mesh.json");
    }

    /** Processes of this local mesh still alive: every child JVM carries its folder's marker. */
    List<String> survivors() throws InterruptedException {
      String marker = "-Dmeshctl.local=" + home.resolve("local");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      List<String> alive;
      do {
        alive =
            ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
        if (alive.isEmpty()) {
          return alive;
        }
        Thread.sleep(200);
      } while (System.nanoTime() < deadline && process.isAlive());
      return alive;
    }

    void stop() throws InterruptedException {
      if (process.isAlive()) {
        // SIGTERM through the handle: Process.destroy() would also close the pipe of its output,
        // and with it the lines the demo prints while it stops.
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }

    int exitCode() throws InterruptedException {
      process.waitFor(60, TimeUnit.SECONDS);
      return process.exitValue();
    }

    /** Everything it printed; once it has ended, up to its last line. */
    String output() throws InterruptedException {
      if (!process.isAlive()) {
        reader.join(10_000);
      }
      return String.join("\n", lines);
    }
  }
}
