package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics API end to end, both ways it reads metrics: a real proxy jar in front of a backend
 * that fails exactly one request in four, a local registry describing its pod (with the admin-port
 * annotation), a real Prometheus server (Debian's {@code /usr/bin/prometheus}) scraping the proxy
 * every second, and two controller jars: one scraping the proxy itself, one with {@code
 * mesh.metrics.prometheus-url} pointing at that Prometheus. Both must report the rate the client
 * sends, the backend's success rate, and sane latency percentiles.
 */
class MetricsApiIT {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final String POD = "books-7d9f8-x2x4z";
  private static final String WINDOW = "20s";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();
  private volatile boolean sending = true;

  @AfterEach
  void stop() throws Exception {
    sending = false;
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void scrapedAndPrometheusAnswersAgree_withTheTrafficSent(@TempDir Path dir) throws Exception {
    assertThat(PROMETHEUS)
        .as("Debian's prometheus package (./run-tests installs it: apt-get install prometheus)")
        .isExecutable();
    int backend = failingBackend();
    int inbound = SpringAppLaunchIT.freePort();
    int admin = SpringAppLaunchIT.freePort();
    ProxyProcess proxy =
        ProxyProcess.start(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + inbound,
                "MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:" + backend,
                "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + admin));
    closing.add(proxy);
    Path registry = Files.createDirectories(dir.resolve("registry"));
    Files.writeString(registry.resolve("books.yaml"), pod(admin));

    int prometheusPort = startPrometheus(dir, admin);
    Controller scrapingController = startController(registry, dir.resolve("scraping.log"));
    Controller queryingController =
        startController(
            registry,
            dir.resolve("prometheus.log"),
            "--mesh.metrics.prometheus-url=http://127.0.0.1:" + prometheusPort);
    awaitUp("http://127.0.0.1:" + admin + "/ready", proxy);

    ConcurrentLinkedDeque<Long> sent = new ConcurrentLinkedDeque<>();
    Thread client = new Thread(() -> send(inbound, sent), "metrics-it-client");
    client.setDaemon(true);
    client.start();
    awaitReady(scrapingController);
    awaitReady(queryingController);
    int scraping = scrapingController.port();
    int querying = queryingController.port();

    // The first call starts the scraping: no rate yet, and the answer says so.
    JsonNode first = stat(scraping);
    assertThat(first.path("source").asText()).isEqualTo("proxies");
    assertThat(first.path("note").asText()).startsWith("collecting");
    assertThat(first.path("rows").get(0).path("rps").asDouble()).isZero();

    // Once a whole window is sampled, the note goes and the rates are over the window.
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> !stat(scraping).has("note"));
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> row(stat(querying)).path("rps").asDouble() > 0);

    JsonNode fromProxies = stat(scraping);
    JsonNode fromPrometheus = stat(querying);
    double clientRps = recentRate(sent, Duration.ofSeconds(20));
    JsonNode a = row(fromProxies);
    JsonNode b = row(fromPrometheus);
    System.out.printf(
        "client %.2f rps; proxies: %s%nprometheus: %s%n", clientRps, fromProxies, fromPrometheus);

    assertThat(fromProxies.path("window").asText()).isEqualTo(WINDOW);
    assertThat(fromPrometheus.path("source").asText()).isEqualTo("prometheus");
    assertThat(fromPrometheus.path("window").asText()).isEqualTo(WINDOW);
    for (JsonNode row : List.of(a, b)) {
      assertThat(row.path("kind").asText()).isEqualTo("deployment");
      assertThat(row.path("name").asText()).isEqualTo("books");
      assertThat(row.path("meshedPods").asInt()).isEqualTo(1);
      assertThat(row.path("rps").asDouble()).isCloseTo(clientRps, within(clientRps * 0.35));
      assertThat(row.path("successRate").asDouble()).isCloseTo(0.75, within(0.05));
      double p50 = row.path("latencyP50Ms").asDouble();
      double p95 = row.path("latencyP95Ms").asDouble();
      double p99 = row.path("latencyP99Ms").asDouble();
      assertThat(p50).isGreaterThan(0).isLessThanOrEqualTo(p95);
      assertThat(p95).isLessThanOrEqualTo(p99);
      assertThat(p99).isLessThan(5_000);
    }
    assertThat(a.path("rps").asDouble())
        .isCloseTo(b.path("rps").asDouble(), within(b.path("rps").asDouble() * 0.3));
  }

  /** Answers 500 to every fourth request and 200 to the others: a known 75% success rate. */
  private int failingBackend() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean fail = requests.incrementAndGet() % 4 == 0;
          byte[] body = (fail ? "failed" : "ok").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    closing.add(() -> server.stop(0));
    return server.getAddress().getPort();
  }

  /** Sequential requests to the proxy's inbound listener, about 20 a second, until the end. */
  private void send(int inbound, ConcurrentLinkedDeque<Long> sent) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inbound + "/books"))
            .timeout(Duration.ofSeconds(10))
            .build();
    while (sending) {
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
        sent.add(System.nanoTime());
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        // Counted only when answered; the proxy may still be starting.
      }
    }
  }

  private static double recentRate(ConcurrentLinkedDeque<Long> sent, Duration span) {
    long since = System.nanoTime() - span.toNanos();
    return sent.stream().filter(t -> t >= since).count() / (double) span.toSeconds();
  }

  private JsonNode stat(int port) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/v1/stat?resource=deploy&namespace=demo&window="
                            + WINDOW))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static JsonNode row(JsonNode stat) {
    assertThat(stat.path("rows")).as(stat.toString()).hasSize(1);
    return stat.path("rows").get(0);
  }

  /** The pod of Deployment books (through its ReplicaSet), meshed, its proxy's admin port. */
  private static String pod(int adminPort) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: demo
          labels: {app: books, pod-template-hash: 7d9f8}
          annotations: {meshctl.dev/proxy-admin-port: "%d"}
          ownerReferences:
            - {apiVersion: apps/v1, kind: ReplicaSet, name: books-7d9f8, controller: true, uid: u1}
        spec:
          serviceAccountName: books
          containers: [{name: app, image: books}, {name: mesh-proxy, image: mesh-proxy}]
        status: {podIP: 127.0.0.1}
        """
        .formatted(POD, adminPort);
  }

  /**
   * Prometheus on a free loopback port, scraping the proxy every second with the labels the metrics
   * API needs ({@code namespace}, {@code pod}, {@code deployment}), as Kubernetes service discovery
   * relabelling would attach them.
   */
  private int startPrometheus(Path dir, int adminPort) throws Exception {
    int port = SpringAppLaunchIT.freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: meshctl-proxies
            scrape_interval: 1s
            scrape_timeout: 1s
            static_configs:
              - targets: ["127.0.0.1:%d"]
                labels: {namespace: demo, pod: %s, deployment: books}
        """
            .formatted(adminPort, POD));
    Path log = dir.resolve("prometheus-server.log");
    Process process =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    processes.add(process);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("prometheus exited", () -> !process.isAlive())
          .until(() -> status("http://127.0.0.1:" + port + "/-/ready") == 200);
    } catch (Throwable e) {
      throw new AssertionError("prometheus did not start:\n" + Files.readString(log), e);
    }
    return port;
  }

  /** A controller process, its REST API's port and its output. */
  private record Controller(Process process, int port, Path log) {}

  /** A controller jar in the local source on {@code registry}. */
  private Controller startController(Path registry, Path log, String... options)
      throws IOException {
    int port = SpringAppLaunchIT.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                SpringAppLaunchIT.javaBin(),
                "-Xmx160m",
                "-jar",
                ProxyProcess.ROOT
                    .resolve("mesh-controller-app/target/mesh-controller-app.jar")
                    .toString(),
                "--server.port=" + port,
                "--management.server.port=" + SpringAppLaunchIT.freePort(),
                "--mesh.controller.grpc-port=0",
                "--mesh.discovery.source=local",
                "--mesh.discovery.local.path=" + registry,
                "--mesh.discovery.local.poll-interval=200ms",
                "--mesh.metrics.scrape-interval=1s",
                "--mesh.metrics.scrape-timeout=1s"));
    command.addAll(List.of(options));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    return new Controller(process, port, log);
  }

  /** Until the controller answers the API with the registry's pod. */
  private void awaitReady(Controller controller) throws IOException {
    Process process = controller.process();
    int port = controller.port();
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("the controller exited", () -> !process.isAlive())
          .until(
              () ->
                  status("http://127.0.0.1:" + port + "/api/v1/namespaces/demo/workloads") == 200);
    } catch (Throwable e) {
      throw new AssertionError(
          "controller not up (alive: "
              + process.isAlive()
              + "):\n"
              + Files.readString(controller.log()),
          e);
    }
  }

  private void awaitUp(String uri, ProxyProcess proxy) throws IOException {
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> status(uri) == 200);
    } catch (Throwable e) {
      throw new AssertionError("proxy not ready:\n" + proxy.output(), e);
    }
  }

  private int status(String uri) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
