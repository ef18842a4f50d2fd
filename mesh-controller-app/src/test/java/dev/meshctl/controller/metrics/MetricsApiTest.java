package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The metrics endpoints of the whole controller over a real socket, in the scraping mode, with a
 * registry of one meshed pod whose proxy is not running: the answers' shape, the note while there
 * is no rate, the version, and the 400s and 404s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsApiTest {

  private static final Path REGISTRY;

  static {
    try {
      REGISTRY = Files.createTempDirectory("registry");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mesh.discovery.local.path", REGISTRY::toString);
    registry.add("mesh.discovery.local.poll-interval", () -> "100ms");
    registry.add("mesh.controller.grpc-port", () -> "0");
    registry.add("management.server.port", () -> "0");
    registry.add("mesh.metrics.scrape-interval", () -> "200ms");
    registry.add("mesh.metrics.scrape-timeout", () -> "200ms");
  }

  @BeforeAll
  static void writeRegistry() throws IOException {
    Files.writeString(
        REGISTRY.resolve("web.yaml"),
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-5f7c9-abcde
          namespace: demo
          labels: {pod-template-hash: 5f7c9}
          annotations: {meshctl.dev/proxy-admin-port: "1"}
          ownerReferences:
            - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5f7c9, controller: true, uid: u1}
        spec:
          serviceAccountName: web
          containers: [{name: app, image: web}, {name: mesh-proxy, image: mesh-proxy}]
        status: {podIP: 127.0.0.1}
        """);
  }

  @LocalServerPort int port;

  private WebTestClient client;

  @BeforeEach
  void connectOnceTheRegistryIsRead() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port + "/api/v1")
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    // Generous: the registry is polled every second, and on a loaded 2-core machine the first
    // answers of a fresh context can be slow.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                get("/stat?resource=deploy&namespace=demo")
                    .returnResult(String.class)
                    .getStatus()
                    .is2xxSuccessful());
  }

  @Test
  void stat_listsTheDeploymentWithNoTraffic_andSaysWhy() {
    get("/stat?resource=deploy&namespace=demo&window=30s")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.source")
        .isEqualTo("proxies")
        .jsonPath("$.window")
        .isEqualTo("30s")
        .jsonPath("$.rows.length()")
        .isEqualTo(1)
        .jsonPath("$.rows[0].namespace")
        .isEqualTo("demo")
        .jsonPath("$.rows[0].kind")
        .isEqualTo("deployment")
        .jsonPath("$.rows[0].name")
        .isEqualTo("web")
        .jsonPath("$.rows[0].meshedPods")
        .isEqualTo(1)
        .jsonPath("$.rows[0].pods")
        .isEqualTo(1)
        .jsonPath("$.rows[0].rps")
        .isEqualTo(0.0)
        .jsonPath("$.rows[0].tcpConnections")
        .isEqualTo(0);
    // Without requests there is no success rate or latency: null, not left out.
    assertThat(
            get("/stat?resource=deploy&namespace=demo")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody())
        .contains("\"successRate\":null")
        .contains("\"latencyP50Ms\":null,\"latencyP95Ms\":null,\"latencyP99Ms\":null");
    // The pod's proxy (admin port 1) does not answer: once a round has run, the note says so.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                get("/stat?resource=deploy&namespace=demo")
                    .expectBody()
                    .jsonPath("$.note")
                    .isEqualTo(
                        "cannot scrape 1 of 1 meshed proxies (the controller's log says why);"
                            + " their traffic is missing"));
  }

  @Test
  void routesAndEdges_answerEmptyRowsWithoutTraffic() {
    get("/routes?resource=deploy/web&namespace=demo")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows.length()")
        .isEqualTo(0)
        .jsonPath("$.window")
        .isEqualTo("1m");
    get("/edges?resource=deploy&namespace=demo")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rows.length()")
        .isEqualTo(0);
  }

  @Test
  void version_isTheBuildsVersion() {
    String body =
        get("/version")
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(body).matches("\\{\"version\":\"\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\"\\}");
  }

  @Test
  void badParameters_are400_withTheReason() {
    expectError(
        "/stat?resource=deployments&namespace=demo",
        HttpStatus.BAD_REQUEST,
        "resource=\"deployments\": unknown resource type \"deployments\" (expected one of"
            + " namespace|ns, deployment|deploy, statefulset|sts, daemonset|ds, pod|po,"
            + " authority|au)");
    expectError(
        "/stat?resource=deploy&namespace=demo&window=soon",
        HttpStatus.BAD_REQUEST,
        "window \"soon\" is not a duration such as 10s, 1m, 5m or 1h30m");
    expectError(
        "/stat?namespace=demo",
        HttpStatus.BAD_REQUEST,
        "parameter resource is required: TYPE[/NAME] with TYPE one of namespace|ns,"
            + " deployment|deploy, statefulset|sts, daemonset|ds, pod|po, authority|au");
    expectError(
        "/routes?resource=au&namespace=demo",
        HttpStatus.BAD_REQUEST,
        "routes are per workload or pod: resource must be a deployment, statefulset, daemonset or"
            + " pod, not authority");
    expectError(
        "/edges?resource=deploy&namespace=Demo",
        HttpStatus.BAD_REQUEST,
        "namespace name \"Demo\" is not a DNS label (lower case letters, digits and '-', at most"
            + " 63)");
  }

  @Test
  void unknownNamespacesAndResources_are404() {
    expectError(
        "/stat?resource=deploy&namespace=nope",
        HttpStatus.NOT_FOUND,
        "namespace \"nope\" not found");
    expectError(
        "/stat?resource=deploy/books&namespace=demo",
        HttpStatus.NOT_FOUND,
        "deployment \"books\" not found in namespace \"demo\"");
    expectError(
        "/routes?resource=po/web-1&namespace=demo",
        HttpStatus.NOT_FOUND,
        "pod \"web-1\" not found in namespace \"demo\"");
    expectError("/edges?resource=deploy", HttpStatus.NOT_FOUND, "namespace \"default\" not found");
  }

  private WebTestClient.ResponseSpec get(String uri) {
    return client.get().uri(uri).accept(MediaType.APPLICATION_JSON).exchange();
  }

  private void expectError(String uri, HttpStatus status, String message) {
    get(uri).expectStatus().isEqualTo(status).expectBody().jsonPath("$.error").isEqualTo(message);
  }
}
