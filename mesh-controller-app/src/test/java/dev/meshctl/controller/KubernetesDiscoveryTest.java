package dev.meshctl.controller;

import static dev.meshctl.controller.discovery.TestObjects.NS;
import static dev.meshctl.controller.discovery.TestObjects.endpoint;
import static dev.meshctl.controller.discovery.TestObjects.pod;
import static dev.meshctl.controller.discovery.TestObjects.ready;
import static dev.meshctl.controller.discovery.TestObjects.route;
import static dev.meshctl.controller.discovery.TestObjects.service;
import static dev.meshctl.controller.discovery.TestObjects.serviceProfile;
import static dev.meshctl.controller.discovery.TestObjects.slice;
import static dev.meshctl.controller.discovery.TestObjects.spec;
import static dev.meshctl.controller.discovery.TestObjects.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.Update;
import dev.meshctl.api.destination.WeightedDst;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.kubernetes.KubernetesSource;
import dev.meshctl.controller.grpc.GrpcServerLifecycle;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole controller in the kubernetes source, its informers driven by fabric8's mock API server
 * in CRUD mode; a real gRPC client watches as a proxy would, and each test prints how long a change
 * took from the API write to the client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = KubernetesDiscoveryTest.MockApiServer.class)
@EnableKubernetesMockClient(crud = true)
class KubernetesDiscoveryTest {

  static KubernetesClient client;

  /** Hands the app the mock API server's client in place of the in-cluster one. */
  static final class MockApiServer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      context.getBeanFactory().registerSingleton("kubernetesClient", client);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mesh.discovery.source", () -> "kubernetes");
    registry.add("mesh.controller.grpc-port", () -> "0");
    registry.add("management.server.port", () -> "0");
  }

  @Autowired GrpcServerLifecycle grpcServer;
  @Autowired KubernetesSource source;

  private DestinationClient destinations;

  @BeforeEach
  void connect() {
    await().atMost(Duration.ofSeconds(20)).until(source::synced);
    destinations = new DestinationClient(grpcServer.port());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    destinations.close();
  }

  @Test
  void endpointsAdded_notReady_andRemoved_reachTheClient() throws Exception {
    create(service("books", "10.96.1.1"));
    create(pod("books-1", "10.1.0.1", "books", true));
    create(pod("books-2", "10.1.0.2", "books", true));
    create(slice("books", ready("10.1.0.1", "books-1")));
    var stream = destinations.get("books.demo.svc.cluster.local:80");
    await().until(() -> firstAddrCount(stream) == 1);

    Update added =
        timed(
            "endpoint added",
            () -> {
              update(slice("books", ready("10.1.0.1", "books-1"), ready("10.1.0.2", "books-2")));
              return stream.next();
            });
    assertThat(added.getAdd().getAddrs(0).getAddr())
        .isEqualTo(DestinationTranslator.tcpAddress("10.1.0.2", 8080));
    assertThat(added.getAdd().getAddrs(0).getTlsIdentity().getDnsLikeIdentity())
        .isEqualTo("books.demo.serviceaccount.identity.meshctl-system.cluster.local");

    Update notReady =
        timed(
            "endpoint not ready",
            () -> {
              update(
                  slice(
                      "books",
                      ready("10.1.0.1", "books-1"),
                      endpoint("10.1.0.2", "books-2", false, false, false)));
              return stream.next();
            });
    assertThat(notReady.getRemove().getAddrsList())
        .containsExactly(DestinationTranslator.tcpAddress("10.1.0.2", 8080));

    // The last ready endpoint starts terminating but still serves: kept, so nothing changes.
    update(slice("books", endpoint("10.1.0.1", "books-1", false, true, true)));
    assertThat(stream.quiet(1000)).isTrue();

    Update gone =
        timed(
            "terminating endpoint stops serving",
            () -> {
              update(slice("books", endpoint("10.1.0.1", "books-1", false, false, true)));
              return stream.next();
            });
    assertThat(gone.getNoEndpoints().getExists()).isTrue();
  }

  @Test
  void scaledToZero_isNoEndpoints_andBack() throws Exception {
    create(service("authors", "10.96.1.2"));
    create(pod("authors-1", "10.1.1.1", "authors", true));
    create(slice("authors", ready("10.1.1.1", "authors-1")));
    var stream = destinations.get("authors.demo:80");
    await().until(() -> firstAddrCount(stream) == 1);

    Update zero =
        timed(
            "scaled to zero",
            () -> {
              update(slice("authors"));
              return stream.next();
            });
    assertThat(zero.getNoEndpoints().getExists()).isTrue();

    Update back =
        timed(
            "scaled back to one",
            () -> {
              update(slice("authors", ready("10.1.1.1", "authors-1")));
              return stream.next();
            });
    assertThat(back.getAdd().getAddrsCount()).isEqualTo(1);
  }

  @Test
  void serviceProfileEdited_isStreamed() throws Exception {
    create(service("shelves", "10.96.1.3"));
    create(serviceProfile("shelves", spec(List.of(route("list", "GET", "/shelves")))));
    var stream = destinations.getProfile("shelves.demo:80");
    await().until(() -> routeNames(stream).equals(List.of("list")));

    DestinationProfile edited =
        timed(
            "ServiceProfile edited",
            () -> {
              update(
                  serviceProfile(
                      "shelves",
                      spec(
                          List.of(
                              route("list", "GET", "/shelves"),
                              route("add", "POST", "/shelves")))));
              return stream.next();
            });
    assertThat(edited.getRoutesList()).extracting(r -> r.getName()).containsExactly("list", "add");
  }

  @Test
  void malformedServiceProfile_keepsThePreviousOne() throws Exception {
    create(service("covers", "10.96.1.5"));
    create(serviceProfile("covers", spec(List.of(route("list", "GET", "/covers")))));
    var stream = destinations.getProfile("covers.demo:80");
    await().until(() -> routeNames(stream).equals(List.of("list")));

    update(serviceProfile("covers", spec(List.of(route("list", "GET", "/covers(")))));

    assertThat(stream.quiet(1000)).isTrue();
  }

  @Test
  void httpRouteSplitChanged_changesTheDstOverrides() throws Exception {
    create(service("web", "10.96.1.4"));
    create(split("web", "web-v1", 90, "web-v2", 10));
    var stream = destinations.getProfile("web.demo.svc.cluster.local:80");
    await().until(() -> weights(stream).equals(List.of(90, 10)));

    DestinationProfile changed =
        timed(
            "HTTPRoute 90/10 to 50/50",
            () -> {
              update(split("web", "web-v1", 50, "web-v2", 50));
              return stream.next();
            });
    assertThat(changed.getDstOverridesList())
        .extracting(WeightedDst::getWeight)
        .containsExactly(50, 50);
  }

  private static int firstAddrCount(DestinationClient.Stream<Update> stream) throws Exception {
    Update update = stream.next();
    return update.hasAdd() ? update.getAdd().getAddrsCount() : -1;
  }

  private static List<String> routeNames(DestinationClient.Stream<DestinationProfile> stream)
      throws Exception {
    return stream.next().getRoutesList().stream().map(r -> r.getName()).toList();
  }

  private static List<Integer> weights(DestinationClient.Stream<DestinationProfile> stream)
      throws Exception {
    return stream.next().getDstOverridesList().stream().map(WeightedDst::getWeight).toList();
  }

  /** Runs a change and waits for its message, printing how long it took to arrive. */
  static <T> T timed(String what, Callable<T> changeAndReceive) throws Exception {
    long start = System.nanoTime();
    T message = changeAndReceive.call();
    System.out.printf(
        "propagation (kubernetes): %s took %.1f ms%n", what, (System.nanoTime() - start) / 1e6);
    return message;
  }

  private static void create(HasMetadata object) {
    if (object instanceof GenericKubernetesResource profile) {
      client
          .genericKubernetesResources(KubernetesSource.SERVICE_PROFILES)
          .inNamespace(NS)
          .resource(profile)
          .create();
    } else {
      client.resource(object).inNamespace(NS).create();
    }
  }

  private static void update(HasMetadata object) {
    if (object instanceof GenericKubernetesResource profile) {
      client
          .genericKubernetesResources(KubernetesSource.SERVICE_PROFILES)
          .inNamespace(NS)
          .resource(profile)
          .update();
    } else {
      client.resource(object).inNamespace(NS).update();
    }
  }
}
