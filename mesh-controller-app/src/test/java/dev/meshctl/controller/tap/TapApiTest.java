package dev.meshctl.controller.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.ObserveRequest.Match;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/tap} of the whole controller, over real sockets: a real HTTP client reads the
 * NDJSON stream while real gRPC Tap servers with real mTLS (certificates made for this run) stand
 * in for the proxies of the local registry's pods:
 *
 * <ul>
 *   <li>{@code web-1}, {@code web-2} (deployment {@code web}): servers with the identity {@code
 *       web.demo...}, scripted per test;
 *   <li>{@code books-1} (deployment {@code books}): a server whose certificate names {@code
 *       impostor.demo...};
 *   <li>{@code authors-1} (deployment {@code authors}): a tap port where nothing listens;
 *   <li>{@code nossl-1} (deployment {@code nossl}): a plaintext server.
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TapApiTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final String WEB_ID =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String BOOKS_ID =
      "books.demo.serviceaccount.identity.meshctl-system.cluster.local";

  private static final Path FOLDER;
  private static final TestCertificates CERTIFICATES = new TestCertificates();
  private static final ScriptedTapServer WEB_1;
  private static final ScriptedTapServer WEB_2;
  private static final ScriptedTapServer IMPOSTOR;
  private static final ScriptedTapServer PLAINTEXT;
  private static final int CLOSED_PORT;

  static {
    try {
      FOLDER = Files.createTempDirectory("tap-api");
      Files.createDirectories(FOLDER.resolve("registry"));
      CERTIFICATES.write(CERTIFICATES.leaf("meshctl-controller", "meshctl-system"), FOLDER);
      WEB_1 = new ScriptedTapServer(CERTIFICATES, CERTIFICATES.leaf("web", "demo"));
      WEB_2 = new ScriptedTapServer(CERTIFICATES, CERTIFICATES.leaf("web", "demo"));
      IMPOSTOR = new ScriptedTapServer(CERTIFICATES, CERTIFICATES.leaf("impostor", "demo"));
      PLAINTEXT = new ScriptedTapServer();
      try (ServerSocket socket = new ServerSocket(0)) {
        CLOSED_PORT = socket.getLocalPort();
      }
      Files.writeString(
          FOLDER.resolve("registry").resolve("demo.yaml"),
          pod("web-1", "web", WEB_1.port())
              + pod("web-2", "web", WEB_2.port())
              + pod("books-1", "books", IMPOSTOR.port())
              + pod("authors-1", "authors", CLOSED_PORT)
              + pod("nossl-1", "nossl", PLAINTEXT.port())
              + """
              apiVersion: v1
              kind: Pod
              metadata: {name: plain, namespace: demo}
              spec:
                containers: [{name: app, image: plain}]
              status: {podIP: 127.0.0.1}
              """);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pod(String name, String deployment, int tapPort) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s
          namespace: demo
          labels: {pod-template-hash: 5f7c9}
          annotations: {meshctl.dev/proxy-tap-port: "%3$d"}
          ownerReferences:
            - {apiVersion: apps/v1, kind: ReplicaSet, name: %2$s-5f7c9, controller: true, uid: u-%1$s}
        spec:
          serviceAccountName: %2$s
          containers: [{name: app, image: %2$s}, {name: mesh-proxy, image: mesh-proxy}]
        status: {podIP: 127.0.0.1}
        ---
        """
        .formatted(name, deployment, tapPort);
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mesh.discovery.local.path", () -> FOLDER.resolve("registry").toString());
    registry.add("mesh.discovery.local.poll-interval", () -> "100ms");
    registry.add("mesh.controller.grpc-port", () -> "0");
    registry.add("management.server.port", () -> "0");
    registry.add("mesh.tap.tls.cert-file", () -> FOLDER.resolve("tap.crt").toString());
    registry.add("mesh.tap.tls.key-file", () -> FOLDER.resolve("tap.key").toString());
    registry.add("mesh.tap.tls.trust-anchors-file", () -> FOLDER.resolve("anchors.pem").toString());
    registry.add("mesh.tap.limit-grace", () -> "2s");
  }

  @AfterAll
  static void stopServers() {
    WEB_1.close();
    WEB_2.close();
    IMPOSTOR.close();
    PLAINTEXT.close();
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void onceTheRegistryIsRead() {
    WEB_1.requests.clear();
    WEB_2.requests.clear();
    await()
        .atMost(DEADLINE)
        .until(() -> get("/api/v1/namespaces/demo/workloads").body().contains("authors-1"));
  }

  @Test
  void twoPods_mergeIntoOneStream_withEveryFieldOnEachLine() throws Exception {
    WEB_1.script(
        (request, call) -> {
          ScriptedTapServer.request(
              call, 1, WEB_ID, BOOKS_ID, "POST", "/demo.Books/ListBooks", 200);
          call.onCompleted();
        });
    WEB_2.script(
        (request, call) -> {
          ScriptedTapServer.request(call, 7, WEB_ID, "", "GET", "/index.html", 503);
          call.onCompleted();
        });

    try (NdjsonStream stream = tap("resource=deploy/web&namespace=demo")) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      assertThat(stream.response().headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
      List<JsonNode> lines = stream.untilEnd(DEADLINE);

      assertThat(lines.get(0).toString())
          .isEqualTo("{\"type\":\"tapping\",\"pods\":[\"web-1\",\"web-2\"]}");
      assertThat(lines).hasSize(7);
      JsonNode request = find(lines, "request", "web-1:1");
      assertThat(request.get("pod").asString()).isEqualTo("web-1");
      assertThat(request.get("direction").asString()).isEqualTo("outbound");
      assertThat(request.get("source").asString()).isEqualTo("127.0.0.1:51");
      assertThat(request.get("destination").asString()).isEqualTo("127.0.0.1:4143");
      assertThat(request.get("sourceIdentity").asString()).isEqualTo(WEB_ID);
      assertThat(request.get("destinationIdentity").asString()).isEqualTo(BOOKS_ID);
      assertThat(request.get("tls").asBoolean()).isTrue();
      assertThat(request.get("method").asString()).isEqualTo("POST");
      assertThat(request.get("authority").asString())
          .isEqualTo("books.demo.svc.cluster.local:8080");
      assertThat(request.get("path").asString()).isEqualTo("/demo.Books/ListBooks");
      assertThat(request.get("at").asString()).isEqualTo("2027-01-15T08:00:00.123Z");
      JsonNode response = find(lines, "response", "web-1:1");
      assertThat(response.get("status").asInt()).isEqualTo(200);
      assertThat(response.get("latencyMs").asDouble()).isEqualTo(1.234);
      assertThat(response.get("destinationIdentity").asString()).isEqualTo(BOOKS_ID);
      JsonNode end = find(lines, "end", "web-1:1");
      assertThat(end.get("durationMs").asDouble()).isEqualTo(1.5);
      assertThat(end.get("responseBytes").asLong()).isEqualTo(120);
      assertThat(end.get("grpcStatus").asInt()).isZero();
      assertThat(end.get("resetReason").isNull()).isTrue();
      JsonNode plain = find(lines, "request", "web-2:7");
      assertThat(plain.get("destinationIdentity").isNull()).isTrue();
      assertThat(plain.get("tls").asBoolean()).isFalse();
      assertThat(find(lines, "response", "web-2:7").get("status").asInt()).isEqualTo(503);
    }
  }

  @Test
  void filters_reachTheProxiesAsOneMatch() throws Exception {
    try (NdjsonStream stream =
        tap(
            "resource=deploy/web&namespace=demo&method=post&path=/demo.Books&authority="
                + encode("books.demo.svc.cluster.local:8080")
                + "&to=deploy/books&limit=5")) {
      stream.untilEnd(DEADLINE);
    }

    ObserveRequest request = WEB_1.requests.poll(10, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getLimit()).isEqualTo(5);
    assertThat(request.getMatch().getAll().getMatchesList())
        .containsExactly(
            Match.newBuilder().setMethod("POST").build(),
            Match.newBuilder().setPathPrefix("/demo.Books").build(),
            Match.newBuilder().setAuthority("books.demo.svc.cluster.local:8080").build(),
            Match.newBuilder()
                .setAny(Match.Seq.newBuilder().addMatches(Match.newBuilder().setIdentity(BOOKS_ID)))
                .build());
    assertThat(WEB_2.requests.poll(10, TimeUnit.SECONDS)).isEqualTo(request);
  }

  @Test
  void clientHangingUp_cancelsEveryProxysCall() throws Exception {
    ScriptedTapServer.Script endless = (request, call) -> inBackground(() -> endless(call, 50));
    WEB_1.script(endless);
    WEB_2.script(endless);
    int cancelledBefore1 = WEB_1.cancelled.get();
    int cancelledBefore2 = WEB_2.cancelled.get();

    NdjsonStream stream = tap("resource=deploy/web&namespace=demo");
    assertThat(stream.next(DEADLINE).orElseThrow().get("type").asString()).isEqualTo("tapping");
    assertThat(stream.next(DEADLINE).orElseThrow().get("type").asString()).isEqualTo("request");
    stream.close();

    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              assertThat(WEB_1.cancelled.get()).isGreaterThan(cancelledBefore1);
              assertThat(WEB_2.cancelled.get()).isGreaterThan(cancelledBefore2);
            });
  }

  @Test
  void limit_endsTheStreamOnceThatManyRequestsEnded() throws Exception {
    WEB_1.script((request, call) -> inBackground(() -> endless(call, 20)));

    try (NdjsonStream stream = tap("resource=pod/web-1&namespace=demo&limit=3")) {
      List<JsonNode> lines = stream.untilEnd(DEADLINE);
      assertThat(lines.stream().filter(l -> l.get("type").asString().equals("request"))).hasSize(3);
      assertThat(lines.get(lines.size() - 1).get("type").asString()).isEqualTo("end");
    }
    await().atMost(DEADLINE).until(() -> WEB_1.cancelled.get() > 0);
  }

  @Test
  void aProxyWithTheWrongIdentity_orUnreachable_getsAnErrorLine_othersKeepStreaming()
      throws Exception {
    IMPOSTOR.script(
        (request, call) -> {
          ScriptedTapServer.request(call, 1, BOOKS_ID, "", "GET", "/", 200);
          call.onCompleted();
        });
    WEB_1.script(
        (request, call) -> {
          ScriptedTapServer.request(call, 3, WEB_ID, BOOKS_ID, "GET", "/books", 200);
          call.onCompleted();
        });
    WEB_2.script(
        (request, call) ->
            call.onError(
                Status.PERMISSION_DENIED
                    .withDescription("only the controller may tap")
                    .asRuntimeException()));

    try (NdjsonStream stream = tap("resource=namespace/demo")) {
      List<JsonNode> lines = stream.untilEnd(DEADLINE);

      assertThat(lines.get(0).get("pods").toString())
          .isEqualTo("[\"authors-1\",\"books-1\",\"nossl-1\",\"web-1\",\"web-2\"]");
      assertThat(error(lines, "nossl-1"))
          .isEqualTo(
              "the tap server of pod nossl-1 at 127.0.0.1:"
                  + PLAINTEXT.port()
                  + " does not speak TLS (a proxy without identity serves tap in plaintext; this"
                  + " controller taps over mTLS because mesh.tap.tls is set)");
      assertThat(error(lines, "books-1"))
          .contains("TLS handshake")
          .contains("127.0.0.1:" + IMPOSTOR.port())
          .contains(BOOKS_ID);
      assertThat(error(lines, "authors-1"))
          .startsWith("cannot reach the tap server of pod authors-1 at 127.0.0.1:" + CLOSED_PORT);
      assertThat(error(lines, "web-2"))
          .contains("refused the controller (PERMISSION_DENIED)")
          .contains("only the controller may tap");
      assertThat(find(lines, "end", "web-1:3").get("pod").asString()).isEqualTo("web-1");
      assertThat(lines)
          .noneMatch(l -> l.get("pod") != null && l.get("pod").asString().equals("plain"));
    }
  }

  @Test
  void unknownResource_is404_andMalformedOnes400_asJsonErrors() throws Exception {
    HttpResponse<String> missing = get("/api/v1/tap?resource=deploy/nope&namespace=demo");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body())
        .isEqualTo("{\"error\":\"deployment \\\"nope\\\" not found in namespace \\\"demo\\\"\"}");

    HttpResponse<String> asNdjson =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/v1/tap?resource=deploy/nope&namespace=demo"))
                .header("Accept", "application/x-ndjson")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(asNdjson.statusCode()).isEqualTo(404);
    assertThat(asNdjson.body()).contains("\"error\":\"deployment \\\"nope\\\" not found");

    HttpResponse<String> badType = get("/api/v1/tap?resource=cronjob/x&namespace=demo");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(badType.body()).contains("unknown resource type \\\"cronjob\\\"").contains("deploy");

    HttpResponse<String> unmeshed = get("/api/v1/tap?resource=pod/plain&namespace=demo");
    assertThat(unmeshed.statusCode()).isEqualTo(400);
    assertThat(unmeshed.body()).contains("no meshed pod");

    HttpResponse<String> noResource = get("/api/v1/tap?namespace=demo");
    assertThat(noResource.statusCode()).isEqualTo(400);
    assertThat(noResource.body()).contains("resource: missing");
  }

  private NdjsonStream tap(String query) throws IOException, InterruptedException {
    return NdjsonStream.open(http, URI.create("http://127.0.0.1:" + port + "/api/v1/tap?" + query));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode find(List<JsonNode> lines, String type, String id) {
    return lines.stream()
        .filter(l -> l.get("type").asString().equals(type) && l.get("id").asString().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " line for " + id + " in " + lines));
  }

  private static String error(List<JsonNode> lines, String pod) {
    return lines.stream()
        .filter(
            l -> l.get("type").asString().equals("error") && l.get("pod").asString().equals(pod))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error line for " + pod + " in " + lines))
        .get("message")
        .asString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Whole requests every {@code pauseMillis} until the client cancels. */
  private static void endless(
      io.grpc.stub.ServerCallStreamObserver<dev.meshctl.api.tap.TapEvent> call, long pauseMillis) {
    for (long id = 1; !call.isCancelled(); id++) {
      synchronized (call) {
        ScriptedTapServer.request(call, id, WEB_ID, BOOKS_ID, "GET", "/", 200);
      }
      sleep(pauseMillis);
    }
  }

  private static void inBackground(Runnable task) {
    Thread thread = new Thread(task, "scripted-tap");
    thread.setDaemon(true);
    thread.start();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
