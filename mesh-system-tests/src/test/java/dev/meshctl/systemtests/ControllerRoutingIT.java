package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller app and a proxy jar, each its own process: the controller reads a local registry
 * of Kubernetes-style manifests, the proxy asks it for a Service's endpoints, and follows each
 * change of the registry (another endpoint, scaled to zero, back) in about the registry's poll
 * interval; with the controller gone, the proxy keeps routing on what it last knew, and when the
 * controller is back, updates flow again.
 */
class ControllerRoutingIT {

  private static final String AUTHORITY = "books.demo.svc.cluster.local:80";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient admin =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process controller;
  private Path controllerLog;

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (controller != null) {
      controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void proxyFollowsTheRegistryThroughTheController_andKeepsItsLastStateWithoutIt(@TempDir Path dir)
      throws Exception {
    int first = backend("books-1");
    int second = backend("books-2");
    Path registry = Files.createDirectories(dir.resolve("registry"));
    Path slice = registry.resolve("books.yaml");
    Files.writeString(slice, manifests(first));

    int grpcPort = SpringAppLaunchIT.freePort();
    int management = SpringAppLaunchIT.freePort();
    startController(registry, grpcPort, management);

    int outbound = SpringAppLaunchIT.freePort();
    int adminPort = SpringAppLaunchIT.freePort();
    ProxyProcess proxy =
        ProxyProcess.start(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + outbound,
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + adminPort,
                "MESH_PROXY_DESTINATION_SVC_ADDR", "127.0.0.1:" + grpcPort,
                "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES", AUTHORITY));
    closing.add(proxy);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> status("http://127.0.0.1:" + adminPort + "/ready") == 200);
    } catch (Throwable e) {
      throw new AssertionError(
          "proxy not ready:\n"
              + proxy.output()
              + "\ncontroller:\n"
              + Files.readString(controllerLog),
          e);
    }
    HttpClient app =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", outbound)))
            .build();

    HttpResponse<String> firstAnswer = get(app);
    assertThat(firstAnswer.statusCode()).isEqualTo(200);
    assertThat(firstAnswer.body()).isEqualTo("books-1");

    // Another endpoint: the slice now lists the second backend.
    long changed = System.nanoTime();
    Files.writeString(slice, manifests(second));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "books-2".equals(get(app).body()));
    System.out.printf(
        "registry change reached the proxy's routing in %d ms (registry polled every 1 s)%n",
        (System.nanoTime() - changed) / 1_000_000);

    // Scaled to zero: no endpoint, a 503 from the proxy that says so; then back.
    Files.writeString(slice, manifests(-1));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> get(app).statusCode() == 503);
    assertThat(get(app).headers().firstValue("mesh-proxy-error").orElseThrow())
        .contains("no endpoint");
    Files.writeString(slice, manifests(first));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "books-1".equals(get(app).body()));

    // A canary: an HTTPRoute splits books between books-v1 (the first backend) and books-v2 (the
    // second), 90/10, then 50/50.
    Path canary = registry.resolve("canary.yaml");
    Files.writeString(canary, canary(first, second, 90, 10));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "books-2".equals(get(app).body()));
    double ninetyTen = share(app, "books-2", 400);
    long split = System.nanoTime();
    Files.writeString(canary, canary(first, second, 50, 50));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> share(app, "books-2", 40) >= 0.3);
    long splitMs = (System.nanoTime() - split) / 1_000_000;
    double fiftyFifty = share(app, "books-2", 400);
    System.out.printf(
        "HTTPRoute 90/10: %.0f%% to books-v2; 50/50 in force after %d ms: %.0f%%%n",
        ninetyTen * 100, splitMs, fiftyFifty * 100);
    assertThat(ninetyTen).as("share of books-v2 at 90/10").isBetween(0.03, 0.2);
    assertThat(fiftyFifty).as("share of books-v2 at 50/50").isBetween(0.38, 0.62);
    // The route removed first (its backends stay, as one would roll a canary back).
    Files.writeString(canary, canary(first, second, -1, -1));
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> share(app, "books-1", 40) == 1.0);

    // The controller gone: the proxy keeps routing on the last state it had.
    controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = get(app);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("books-1");
    }

    // Back (same port), with a change made while it was away: updates flow again.
    Files.writeString(slice, manifests(second));
    startController(registry, grpcPort, management);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "books-2".equals(get(app).body()));
  }

  private void startController(Path registry, int grpcPort, int management) throws Exception {
    controllerLog = Files.createTempFile("mesh-controller", ".log");
    controller =
        new ProcessBuilder(
                SpringAppLaunchIT.javaBin(),
                "-Xmx128m",
                "-jar",
                ProxyProcess.ROOT
                    .resolve("mesh-controller-app/target/mesh-controller-app.jar")
                    .toString(),
                "--server.port=" + SpringAppLaunchIT.freePort(),
                "--management.server.port=" + management,
                "--mesh.controller.grpc-port=" + grpcPort,
                "--mesh.discovery.source=local",
                "--mesh.discovery.local.path=" + registry)
            .redirectErrorStream(true)
            .redirectOutput(controllerLog.toFile())
            .start();
    Process started = controller;
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptionsInstanceOf(IOException.class)
        .failFast("the controller exited", () -> !started.isAlive())
        .until(
            () -> status("http://127.0.0.1:" + management + "/actuator/health/readiness") == 200);
  }

  /** The books Service and one EndpointSlice with the backend on {@code port}; -1 for none. */
  private static String manifests(int port) {
    String endpoints =
        port < 0
            ? "endpoints: []\nports: [{name: http, port: 1}]\n"
            : "ports: [{name: http, port: "
                + port
                + "}]\nendpoints:\n  - addresses: [127.0.0.1]\n    conditions: {ready: true}\n";
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: books, namespace: demo}
        spec:
          clusterIP: 10.96.0.10
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: books-1
          namespace: demo
          labels: {kubernetes.io/service-name: books}
        addressType: IPv4
        """
        + endpoints;
  }

  /**
   * Services books-v1 and books-v2 (one backend each) and the HTTPRoute splitting books; negative
   * weights: no HTTPRoute.
   */
  private static String canary(int v1Port, int v2Port, int v1Weight, int v2Weight) {
    StringBuilder yaml = new StringBuilder();
    int[][] versions = {{1, v1Port}, {2, v2Port}};
    for (int[] v : versions) {
      yaml.append(
          """
          apiVersion: v1
          kind: Service
          metadata: {name: books-v%1$d, namespace: demo}
          spec:
            clusterIP: 10.96.0.1%1$d
            ports: [{name: http, port: 80, targetPort: 8080}]
          ---
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata:
            name: books-v%1$d-1
            namespace: demo
            labels: {kubernetes.io/service-name: books-v%1$d}
          addressType: IPv4
          ports: [{name: http, port: %2$d}]
          endpoints:
            - addresses: [127.0.0.1]
              conditions: {ready: true}
          ---
          """
              .formatted(v[0], v[1]));
    }
    if (v1Weight < 0) {
      return yaml.toString();
    }
    yaml.append(
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: books-canary, namespace: demo}
        spec:
          parentRefs: [{group: core, kind: Service, name: books, port: 80}]
          rules:
            - backendRefs:
                - {name: books-v1, port: 80, weight: %d}
                - {name: books-v2, port: 80, weight: %d}
        """
            .formatted(v1Weight, v2Weight));
    return yaml.toString();
  }

  /** The share of {@code n} sequential requests that {@code backend} answered. */
  private static double share(HttpClient app, String backend, int n)
      throws IOException, InterruptedException {
    int hits = 0;
    for (int i = 0; i < n; i++) {
      HttpResponse<String> response = get(app);
      assertThat(response.statusCode()).isEqualTo(200);
      if (backend.equals(response.body())) {
        hits++;
      }
    }
    return hits / (double) n;
  }

  private int backend(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    closing.add(() -> server.stop(0));
    return server.getAddress().getPort();
  }

  private int status(String uri) throws IOException, InterruptedException {
    return admin
        .send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static HttpResponse<String> get(HttpClient app) throws IOException, InterruptedException {
    return app.send(
        HttpRequest.newBuilder(URI.create("http://" + AUTHORITY + "/books"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
