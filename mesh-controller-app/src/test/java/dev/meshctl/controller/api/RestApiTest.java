package dev.meshctl.controller.api;

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
 * The REST API of the whole controller over a real socket, in the local source on a registry folder
 * of one Service {@code books} (a meshed ready pod, a not-ready endpoint, a ServiceProfile and an
 * HTTPRoute split) and a bare unmeshed pod.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RestApiTest {

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
  }

  @BeforeAll
  static void writeRegistry() throws IOException {
    Files.writeString(REGISTRY.resolve("books.yaml"), BOOKS);
  }

  @LocalServerPort int port;

  private WebTestClient client;

  @BeforeEach
  void connectOnceTheRegistryIsRead() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port + "/api/v1")
            .responseTimeout(Duration.ofSeconds(5))
            .build();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                    .get()
                    .uri("/namespaces/demo/services/books/profile")
                    .exchange()
                    .returnResult(String.class)
                    .getStatus()
                    .is2xxSuccessful());
  }

  @Test
  void namespaces_countWhatRunsInThem() {
    get("/namespaces")
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType(MediaType.APPLICATION_JSON)
        .expectBody()
        .json(
            """
            [{"name": "demo", "services": 1, "workloads": 2, "meshedPods": 1, "pods": 2}]
            """);
  }

  @Test
  void services_listPortsReadyEndpointsAndProfile() {
    get("/namespaces/demo/services")
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            """
            [{"name": "books", "clusterIp": "10.96.0.20",
              "ports": [{"name": "http", "port": 80, "targetPort": "8080"}],
              "endpoints": 1, "hasProfile": true}]
            """);
  }

  @Test
  void workloads_groupPodsByOwner_withMeshedStatusAndIdentity() {
    get("/namespaces/demo/workloads")
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            """
            [{"kind": "deployment", "name": "books", "meshed": true,
              "pods": [{"name": "books-7c9f-x1", "ip": "10.0.0.1", "meshed": true,
                        "identity": "books.demo.serviceaccount.identity.meshctl-system.cluster.local"}]},
             {"kind": "pod", "name": "debug", "meshed": false,
              "pods": [{"name": "debug", "ip": "10.0.0.9", "meshed": false, "identity": null}]}]
            """,
            true);
  }

  @Test
  void endpoints_listEveryEndpointWithItsConditions() {
    get("/namespaces/demo/services/books/endpoints")
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            """
            [{"ip": "10.0.0.1", "ports": [{"name": "http", "port": 8080}], "ready": true,
              "serving": true, "terminating": false, "pod": "books-7c9f-x1", "meshed": true,
              "identity": "books.demo.serviceaccount.identity.meshctl-system.cluster.local"},
             {"ip": "10.0.0.2", "ports": [{"name": "http", "port": 8080}], "ready": false,
              "serving": false, "terminating": false, "pod": null, "meshed": false, "identity": null}]
            """,
            true);
  }

  @Test
  void profile_showsRoutesBudgetAndSplit() {
    get("/namespaces/demo/services/books/profile")
        .expectStatus()
        .isOk()
        .expectBody()
        .json(
            """
            {"fullyQualifiedName": "books.demo.svc.cluster.local", "port": 80,
             "opaqueProtocol": false,
             "routes": [{"name": "list-books", "condition": "path=~/books(/.*)? and method=GET",
                         "isRetryable": true, "timeout": "300ms"}],
             "retryBudget": {"retryRatio": 0.25, "minRetriesPerSecond": 5, "ttl": "10s"},
             "dstOverrides": [{"authority": "books-v1.demo.svc.cluster.local:80", "weight": 90},
                              {"authority": "books-v2.demo.svc.cluster.local:80", "weight": 10}]}
            """,
            true);
  }

  @Test
  void unknownNamespaceServiceOrPort_is404_sayingWhatWasNotFound() {
    expectError("/namespaces/nope/services", HttpStatus.NOT_FOUND, "namespace \"nope\" not found");
    expectError(
        "/namespaces/demo/services/nope/endpoints",
        HttpStatus.NOT_FOUND,
        "service \"nope\" not found in namespace \"demo\"");
    expectError(
        "/namespaces/demo/services/books/profile?port=81",
        HttpStatus.NOT_FOUND,
        "service demo/books has no port 81");
  }

  @Test
  void badPathCharacters_are400() {
    client
        .get()
        .uri("/namespaces/{ns}/workloads", "De mo")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .value(String.class, e -> assertThat(e).contains("\"De mo\""));
    client
        .get()
        .uri("/namespaces/demo/services/books/profile?port=http")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .exists();
  }

  private WebTestClient.ResponseSpec get(String uri) {
    return client.get().uri(uri).accept(MediaType.APPLICATION_JSON).exchange();
  }

  private void expectError(String uri, HttpStatus status, String message) {
    get(uri)
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .json("{\"error\": \"" + message.replace("\"", "\\\"") + "\"}", true);
  }

  private static final String BOOKS =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: books, namespace: demo}
      spec:
        clusterIP: 10.96.0.20
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {name: books-1, namespace: demo, labels: {kubernetes.io/service-name: books}}
      addressType: IPv4
      ports: [{name: http, port: 8080}]
      endpoints:
        - addresses: [10.0.0.1]
          conditions: {ready: true}
          targetRef: {kind: Pod, name: books-7c9f-x1}
        - addresses: [10.0.0.2]
          conditions: {ready: false, serving: false}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: books-7c9f-x1
        namespace: demo
        labels: {pod-template-hash: 7c9f}
        ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: books-7c9f, uid: u1, controller: true}
      spec:
        serviceAccountName: books
        containers: [{name: app, image: books}, {name: mesh-proxy, image: mesh-proxy}]
      status: {podIP: 10.0.0.1}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: debug, namespace: demo}
      spec:
        containers: [{name: shell, image: busybox}]
      status: {podIP: 10.0.0.9}
      ---
      apiVersion: meshctl.dev/v1alpha2
      kind: ServiceProfile
      metadata: {name: books.demo.svc.cluster.local, namespace: demo}
      spec:
        routes:
          - name: list-books
            condition: {method: GET, pathRegex: "/books(/.*)?"}
            isRetryable: true
            timeout: 300ms
        retryBudget: {retryRatio: 0.25, minRetriesPerSecond: 5, ttl: 10s}
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: books-canary, namespace: demo}
      spec:
        parentRefs: [{group: core, kind: Service, name: books, port: 80}]
        rules:
          - backendRefs:
              - {name: books-v1, port: 80, weight: 90}
              - {name: books-v2, port: 80, weight: 10}
      """;
}
