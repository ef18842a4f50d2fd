package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes source end to end: fabric8's mock API server in CRUD mode in this JVM (it stores
 * and watches objects; it has no schema, admission or controllers, so the test writes the
 * EndpointSlices a cluster's endpoint controller would), the controller jar as a process in the
 * {@code kubernetes} source pointed at it, and a proxy jar process routing through the controller
 * to small HTTP backends of this test. Each scenario writes to the API and polls through the
 * proxy's outbound listener until the proxy's behaviour changes, and prints how long that took.
 */
class KubernetesRoutingIT {

  private static final String NS = "demo";
  private static final String AUTHORITY = "books.demo.svc.cluster.local:80";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** Generous: two JVMs start at once on what may be a busy machine. */
  private static final Duration STARTUP = Duration.ofSeconds(180);

  /** The ServiceProfile CRD's coordinates, as the controller watches them. */
  private static final ResourceDefinitionContext SERVICE_PROFILES =
      new ResourceDefinitionContext.Builder()
          .withGroup("meshctl.dev")
          .withVersion("v1alpha2")
          .withKind("ServiceProfile")
          .withPlural("serviceprofiles")
          .withNamespaced(true)
          .build();

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient admin =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> timings = new ArrayList<>();
  private KubernetesClient api;
  private HttpClient app;
  private int grpcPort;
  private int management;
  private Path log;

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void proxyFollowsTheKubernetesApiThroughTheController() throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    closing.add(server::destroy);
    api = server.createClient();
    closing.add(api);

    int first = backend("books-1");
    int second = backend("books-2");
    create(service("books"));
    create(slice("books", "a", first, ready()));

    // Both processes start at once: the proxy waits for the controller as it would in a pod.
    Process controller = launchController(server.getPort());
    int outbound = SpringAppLaunchIT.freePort();
    int adminPort = SpringAppLaunchIT.freePort();
    // Round robin: an endpoint that comes back would otherwise wait, under PeakEWMA, for its old
    // latency estimate to decay (seconds, by design), and the test would time the balancer rather
    // than discovery.
    ProxyProcess proxy =
        ProxyProcess.start(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR",
                "127.0.0.1:" + outbound,
                "MESH_PROXY_INBOUND_LISTEN_ADDR",
                "127.0.0.1:0",
                "MESH_PROXY_ADMIN_LISTEN_ADDR",
                "127.0.0.1:" + adminPort,
                "MESH_PROXY_DESTINATION_SVC_ADDR",
                "127.0.0.1:" + grpcPort,
                "MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES",
                AUTHORITY,
                "MESH_PROXY_OUTBOUND_BALANCER",
                "round-robin"));
    closing.add(proxy);
    awaitReady(controller);
    try {
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> status("http://127.0.0.1:" + adminPort + "/ready") == 200);
    } catch (Throwable e) {
      throw new AssertionError(
          "proxy not ready:\n" + proxy.output() + "\ncontroller:\n" + Files.readString(log), e);
    }
    app =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", outbound)))
            .build();
    assertThat(get("/books").body()).isEqualTo("books-1");

    // Endpoints added: a second EndpointSlice of the Service, the second backend ready in it.
    long written = create(slice("books", "b", second, ready()));
    measure("endpoint added", written, "/books", r -> "books-2".equals(r.body()), 1);

    // The first endpoint made not ready (and not serving): no request reaches it any more.
    written = update(slice("books", "a", first, endpoint(false, false, false)));
    measure(
        "endpoint not ready",
        written,
        "/books",
        r -> r.statusCode() == 200 && "books-2".equals(r.body()),
        30);

    // The only ready endpoint starts terminating but still serves: it keeps being used...
    update(slice("books", "b", second, endpoint(false, true, true)));
    long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < quietUntil) {
      HttpResponse<String> response = get("/books");
      assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
      assertThat(response.body()).isEqualTo("books-2");
    }
    // ...and once the first one is terminating and serving too, both are: terminating-only
    // endpoints are served, not merely remembered by the proxy.
    written = update(slice("books", "a", first, endpoint(false, true, true)));
    measure(
        "terminating-only endpoints served", written, "/books", r -> "books-1".equals(r.body()), 1);

    // Scaled to zero: the proxy answers 503 itself and says why; then back to one endpoint.
    update(slice("books", "b", second));
    written = update(slice("books", "a", first));
    HttpResponse<String> none =
        measure("scaled to zero", written, "/books", r -> r.statusCode() == 503, 1);
    assertThat(none.headers().firstValue("mesh-proxy-error"))
        .as(describe(none))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no endpoint"));
    written = update(slice("books", "a", first, ready()));
    measure("scaled back to one", written, "/books", r -> "books-1".equals(r.body()), 1);

    // A ServiceProfile edited: a route timeout added turns the slow path into the proxy's 504.
    create(serviceProfile("books", null));
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get("/slow").statusCode() == 200);
    written = update(serviceProfile("books", "300ms"));
    HttpResponse<String> timedOut =
        measureOverlapping("ServiceProfile route timeout added", written, "/slow", 504);
    assertThat(timedOut.headers().firstValue("mesh-proxy-error"))
        .as(describe(timedOut))
        .hasValueSatisfying(reason -> assertThat(reason).contains("route's timeout"));

    // An HTTPRoute splits books between books-v1 (first backend) and books-v2 (second), 90/10,
    // then 50/50.
    create(service("books-v1"));
    create(slice("books-v1", "a", first, ready()));
    create(service("books-v2"));
    create(slice("books-v2", "a", second, ready()));
    create(split(90, 10));
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "books-2".equals(get("/books").body()));
    double ninetyTen = share("books-2", 400);
    written = update(split(50, 50));
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (share("books-2", 40) < 0.3) {
      assertThat(System.nanoTime()).as("50/50 in force within %s", DEADLINE).isLessThan(deadline);
    }
    long splitMs = (System.nanoTime() - written) / 1_000_000;
    double fiftyFifty = share("books-2", 400);
    record(
        ("HTTPRoute 90/10 to 50/50 (%.0f%% then %.0f%% to books-v2; at the end of the first 40"
                + " requests of which 30%% or more went to books-v2)")
            .formatted(ninetyTen * 100, fiftyFifty * 100),
        splitMs);
    assertThat(ninetyTen).as("share of books-v2 at 90/10").isBetween(0.03, 0.2);
    assertThat(fiftyFifty).as("share of books-v2 at 50/50").isBetween(0.38, 0.62);

    // The proxy's own view of its streams to the controller, on its admin /metrics.
    String metrics =
        admin
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern("(?m)^destination_streams_open\\{kind=\"get\"\\} [1-9]")
        .containsPattern("(?m)^destination_streams_open\\{kind=\"profile\"\\} [1-9]")
        .containsPattern("(?m)^destination_updates_total\\{kind=\"get\"\\} [1-9]")
        .containsPattern("(?m)^destination_last_update_timestamp_seconds [1-9]");

    // The controller's informer lag: objects created since it started were measured (the mock
    // server stamps creationTimestamp, not managedFields, so updates are not).
    String controllerMetrics =
        admin
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(controllerMetrics)
        .containsPattern(
            "(?m)^discovery_informer_lag_seconds_count\\{kind=\"endpointslice\"\\} [1-9]")
        .containsPattern(
            "(?m)^discovery_last_event_timestamp_seconds\\{kind=\"endpointslice\"\\} [1-9]");
    controllerMetrics
        .lines()
        .filter(line -> line.matches("discovery_informer_lag_seconds_(count|sum).*"))
        .forEach(line -> System.out.println("controller: " + line));

    assertThat(controller.isAlive()).isTrue();
    timings.forEach(System.out::println);
  }

  // --- processes --------------------------------------------------------------------------------

  /** The controller jar in the kubernetes source, its fabric8 client pointed at the mock server. */
  private Process launchController(int apiPort) throws Exception {
    grpcPort = SpringAppLaunchIT.freePort();
    management = SpringAppLaunchIT.freePort();
    log = Files.createTempFile("mesh-controller", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                SpringAppLaunchIT.javaBin(),
                "-Xmx128m",
                // fabric8's Config reads these system properties (Config.KUBERNETES_*): the mock
                // server over plain HTTP, and neither a kubeconfig nor a ServiceAccount of the
                // machine running the test.
                "-Dkubernetes.master=http://127.0.0.1:" + apiPort,
                "-Dkubernetes.trust.certificates=true",
                "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dkubernetes.auth.tryServiceAccount=false",
                "-Dkubernetes.namespace=" + NS,
                "-jar",
                ProxyProcess.ROOT
                    .resolve("mesh-controller-app/target/mesh-controller-app.jar")
                    .toString(),
                "--server.port=" + SpringAppLaunchIT.freePort(),
                "--management.server.port=" + management,
                "--mesh.controller.grpc-port=" + grpcPort,
                "--mesh.discovery.source=kubernetes",
                "--mesh.discovery.kubernetes.http-routes=true")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // fabric8 falls back to KUBERNETES_* environment variables: none of the machine's may apply.
    builder.environment().keySet().removeIf(name -> name.startsWith("KUBERNETES_"));
    builder.environment().remove("KUBECONFIG");
    Process controller = builder.start();
    closing.add(
        () -> {
          controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          Files.deleteIfExists(log);
        });
    return controller;
  }

  /** Waits until the controller is ready: its informers have listed everything once. */
  private void awaitReady(Process controller) throws IOException {
    try {
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("the controller exited", () -> !controller.isAlive())
          .until(
              () -> status("http://127.0.0.1:" + management + "/actuator/health/readiness") == 200);
    } catch (Throwable e) {
      throw new AssertionError("controller not ready:\n" + Files.readString(log), e);
    }
  }

  /** A backend answering its name on every path, and after 1.5 s on {@code /slow}. */
  private int backend(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ExecutorService threads = Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().equals("/slow")) {
            try {
              Thread.sleep(1500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          } catch (IOException e) {
            // The proxy gave up on the slow answer (its route timeout): nothing to send it.
          }
        });
    server.start();
    closing.add(
        () -> {
          server.stop(0);
          threads.shutdownNow();
        });
    return server.getAddress().getPort();
  }

  // --- measuring --------------------------------------------------------------------------------

  /**
   * Sends requests through the proxy until {@code settled} answers in a row show the new behaviour,
   * and records the time from the API write to the first of them being sent. A request that the
   * client gives up on (the slow path before its timeout exists) counts as the old behaviour.
   */
  private HttpResponse<String> measure(
      String what,
      long writtenNanos,
      String path,
      Predicate<HttpResponse<String>> newBehaviour,
      int settled)
      throws Exception {
    long deadline = writtenNanos + DEADLINE.toNanos();
    int inARow = 0;
    long firstOfRun = 0;
    HttpResponse<String> last = null;
    while (inARow < settled) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what
                + ": not seen through the proxy within "
                + DEADLINE
                + "; last answer: "
                + (last == null ? "none" : describe(last)));
      }
      long sent = System.nanoTime();
      HttpResponse<String> response;
      try {
        response = get(path, Duration.ofSeconds(1));
      } catch (HttpTimeoutException e) {
        inARow = 0;
        continue;
      }
      last = response;
      if (newBehaviour.test(response)) {
        if (inARow++ == 0) {
          firstOfRun = sent;
        }
      } else {
        inARow = 0;
        Thread.sleep(20);
      }
    }
    record(what, Math.max(0, (firstOfRun - writtenNanos) / 1_000_000));
    return last;
  }

  /**
   * For a change whose old behaviour is slow to answer (the slow path before its route timeout):
   * starts a request every 25 ms without waiting for the earlier ones, until one answers {@code
   * status}; records the time from the API write to the sending of the earliest request that
   * answered it, and returns that answer.
   */
  private HttpResponse<String> measureOverlapping(
      String what, long writtenNanos, String path, int status) throws Exception {
    long deadline = writtenNanos + DEADLINE.toNanos();
    List<Long> sent = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    while (answers.stream().noneMatch(answer -> answered(answer, status))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": no " + status + " through the proxy within " + DEADLINE);
      }
      sent.add(System.nanoTime());
      answers.add(
          app.sendAsync(
              HttpRequest.newBuilder(URI.create("http://" + AUTHORITY + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
      Thread.sleep(25);
    }
    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> answer;
      try {
        answer = answers.get(i).get(15, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        continue; // a request that failed shows neither behaviour
      }
      if (answer.statusCode() == status) {
        record(what, Math.max(0, (sent.get(i) - writtenNanos) / 1_000_000));
        return answer;
      }
    }
    throw new AssertionError(what + ": the " + status + " seen is gone");
  }

  private static boolean answered(CompletableFuture<HttpResponse<String>> answer, int status) {
    return answer.isDone()
        && !answer.isCompletedExceptionally()
        && answer.join().statusCode() == status;
  }

  private void record(String what, long millis) {
    String line = "kubernetes API write -> proxy behaviour: %s in %d ms".formatted(what, millis);
    System.out.println(line);
    timings.add(line);
  }

  /** The share of {@code n} sequential requests that {@code backend} answered. */
  private double share(String backend, int n) throws IOException, InterruptedException {
    int hits = 0;
    for (int i = 0; i < n; i++) {
      HttpResponse<String> response = get("/books");
      assertThat(response.statusCode()).as(describe(response)).isEqualTo(200);
      if (backend.equals(response.body())) {
        hits++;
      }
    }
    return hits / (double) n;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, Duration.ofSeconds(10));
  }

  private HttpResponse<String> get(String path, Duration timeout)
      throws IOException, InterruptedException {
    return app.send(
        HttpRequest.newBuilder(URI.create("http://" + AUTHORITY + path)).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String describe(HttpResponse<String> response) {
    return response.statusCode() + " " + response.headers().map() + " " + response.body();
  }

  private int status(String uri) throws IOException, InterruptedException {
    return admin
        .send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  // --- the API objects --------------------------------------------------------------------------

  /** Creates the object; returns when the write was started (System.nanoTime()). */
  private long create(HasMetadata object) {
    long start = System.nanoTime();
    if (object instanceof GenericKubernetesResource profile) {
      api.genericKubernetesResources(SERVICE_PROFILES).inNamespace(NS).resource(profile).create();
    } else {
      api.resource(object).inNamespace(NS).create();
    }
    return start;
  }

  /** Replaces the object; returns when the write was started (System.nanoTime()). */
  private long update(HasMetadata object) {
    long start = System.nanoTime();
    if (object instanceof GenericKubernetesResource profile) {
      api.genericKubernetesResources(SERVICE_PROFILES).inNamespace(NS).resource(profile).update();
    } else {
      api.resource(object).inNamespace(NS).update();
    }
    return start;
  }

  /**
   * A Service with one port named http, 80 to 8080, and no selector: the test writes its slices.
   */
  private static Service service(String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .addNewPort()
        .withName("http")
        .withPort(80)
        .withTargetPort(new IntOrString(8080))
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * Slice {@code suffix} of a Service: its endpoints on 127.0.0.1 at {@code port} (the backends
   * share an IP, so each gets a slice, whose port all its endpoints share).
   */
  private static EndpointSlice slice(
      String service, String suffix, int port, Endpoint... endpoints) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(service + "-" + suffix)
        .withNamespace(NS)
        .addToLabels("kubernetes.io/service-name", service)
        .endMetadata()
        .withAddressType("IPv4")
        .withEndpoints(Arrays.asList(endpoints))
        .addNewPort()
        .withName("http")
        .withPort(port)
        .withProtocol("TCP")
        .endPort()
        .build();
  }

  private static Endpoint ready() {
    return endpoint(true, true, false);
  }

  /** An endpoint on 127.0.0.1 with its conditions (no pod: not meshed, plain HTTP). */
  private static Endpoint endpoint(boolean ready, boolean serving, boolean terminating) {
    return new EndpointBuilder()
        .withAddresses("127.0.0.1")
        .withNewConditions()
        .withReady(ready)
        .withServing(serving)
        .withTerminating(terminating)
        .endConditions()
        .build();
  }

  /** The ServiceProfile of a Service: one route, {@code GET /slow}, with a timeout or none. */
  private static GenericKubernetesResource serviceProfile(String service, String timeout) {
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("name", "slow");
    route.put("condition", Map.of("method", "GET", "pathRegex", "/slow"));
    if (timeout != null) {
      route.put("timeout", timeout);
    }
    Map<String, Object> spec = new LinkedHashMap<>(Map.of("routes", List.of(route)));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("meshctl.dev/v1alpha2")
        .withKind("ServiceProfile")
        .withNewMetadata()
        .withName(service + "." + NS + ".svc.cluster.local")
        .withNamespace(NS)
        .endMetadata()
        .withAdditionalProperties(new LinkedHashMap<>(Map.of("spec", spec)))
        .build();
  }

  /** The HTTPRoute splitting Service books between books-v1 and books-v2. */
  private static HTTPRoute split(int v1Weight, int v2Weight) {
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withName("books-canary")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .addNewParentRef()
        .withGroup("core")
        .withKind("Service")
        .withName("books")
        .withPort(80)
        .endParentRef()
        .addNewRule()
        .addNewBackendRef()
        .withName("books-v1")
        .withPort(80)
        .withWeight(v1Weight)
        .endBackendRef()
        .addNewBackendRef()
        .withName("books-v2")
        .withPort(80)
        .withWeight(v2Weight)
        .endBackendRef()
        .endRule()
        .endSpec()
        .build();
  }
}
