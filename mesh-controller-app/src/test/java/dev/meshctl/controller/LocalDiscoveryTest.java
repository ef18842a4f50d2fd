package dev.meshctl.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedDst;
import dev.meshctl.controller.grpc.GrpcServerLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole controller in the local source (the default), polling a registry folder every second; a
 * real gRPC client watches as a proxy would, and each test prints how long a file change took to
 * reach it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocalDiscoveryTest {

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
    registry.add("mesh.controller.grpc-port", () -> "0");
    registry.add("management.server.port", () -> "0");
  }

  @Autowired GrpcServerLifecycle grpcServer;

  private DestinationClient destinations;

  @BeforeEach
  void connect() {
    destinations = new DestinationClient(grpcServer.port());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    destinations.close();
  }

  @Test
  void endpointsScaledToZeroAndBack_reachTheClient() throws Exception {
    write("books.yaml", books("[{addresses: [127.0.0.1], conditions: {ready: true}}]"));
    var stream = destinations.get("books.demo.svc.cluster.local:80");
    await().until(() -> stream.next().hasAdd());

    Update zero =
        timed(
            "scaled to zero",
            () -> {
              write("books.yaml", books("[]"));
              return stream.next();
            });
    assertThat(zero.getNoEndpoints().getExists()).isTrue();

    Update back =
        timed(
            "scaled back to two",
            () -> {
              write(
                  "books.yaml",
                  books(
                      "[{addresses: [127.0.0.1]}, {addresses: [127.0.0.2], conditions: {ready: true}}]"));
              return stream.next();
            });
    assertThat(back.getAdd().getAddrsCount()).isEqualTo(2);

    Update notReady =
        timed(
            "endpoint not ready",
            () -> {
              write(
                  "books.yaml",
                  books(
                      "[{addresses: [127.0.0.1]}, {addresses: [127.0.0.2], conditions: {ready: false}}]"));
              return stream.next();
            });
    assertThat(notReady.getRemove().getAddrsCount()).isEqualTo(1);
  }

  @Test
  void httpRouteSplitChanged_changesTheDstOverrides() throws Exception {
    write("split.yaml", split(90, 10));
    var stream = destinations.getProfile("web.demo:80");
    await().until(() -> stream.next().getDstOverridesCount() == 2);

    DestinationProfile changed =
        timed(
            "HTTPRoute 90/10 to 50/50",
            () -> {
              write("split.yaml", split(50, 50));
              return stream.next();
            });
    assertThat(changed.getDstOverridesList())
        .extracting(WeightedDst::getWeight)
        .containsExactly(50, 50);
  }

  private static String books(String endpoints) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: books, namespace: demo}
        spec:
          clusterIP: 10.96.0.20
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: books, namespace: demo, labels: {kubernetes.io/service-name: books}}
        addressType: IPv4
        ports: [{name: http, port: 8080}]
        endpoints: %s
        """
        .formatted(endpoints);
  }

  private static String split(int v1, int v2) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web-split, namespace: demo}
        spec:
          parentRefs: [{group: core, kind: Service, name: web}]
          rules:
            - backendRefs: [{name: web-v1, port: 80, weight: %d}, {name: web-v2, port: 80, weight: %d}]
        """
        .formatted(v1, v2);
  }

  private static <T> T timed(String what, Callable<T> changeAndReceive) throws Exception {
    long start = System.nanoTime();
    T message = changeAndReceive.call();
    System.out.printf(
        "propagation (local, 1 s poll): %s took %.1f ms%n",
        what, (System.nanoTime() - start) / 1e6);
    return message;
  }

  private static void write(String name, String content) throws IOException {
    Files.writeString(REGISTRY.resolve(name), content);
  }
}
