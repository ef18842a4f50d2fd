package dev.meshctl.controller.k3s;

import static dev.meshctl.controller.discovery.TestObjects.NS;
import static dev.meshctl.controller.discovery.TestObjects.endpoint;
import static dev.meshctl.controller.discovery.TestObjects.ready;
import static dev.meshctl.controller.discovery.TestObjects.route;
import static dev.meshctl.controller.discovery.TestObjects.serviceProfile;
import static dev.meshctl.controller.discovery.TestObjects.slice;
import static dev.meshctl.controller.discovery.TestObjects.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.Update;
import dev.meshctl.controller.DestinationClient;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.TestObjects;
import dev.meshctl.controller.discovery.kubernetes.KubernetesSource;
import dev.meshctl.controller.grpc.GrpcServerLifecycle;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real counterpart of {@code KubernetesDiscoveryTest}: the whole controller in the kubernetes
 * source against a real API server (K3s in a container), a real gRPC client watching as a proxy
 * would; each test prints how long a change took from the API write to the client. Needs Docker:
 * without it the class is reported as skipped.
 *
 * <p>What differs from the mock test, because a real API server enforces what the mock does not:
 *
 * <ul>
 *   <li>Services have no selector and no fixed ClusterIP (K3s's service range is not the mock
 *       test's), so that the EndpointSlices are the test's own, not the endpoint controller's.
 *   <li>Pods carry a scheduling gate so that they are never scheduled (nothing pulls or runs their
 *       images), have no owner (the garbage collector would delete a pod whose ReplicaSet does not
 *       exist) and no IP (status is the kubelet's); their ServiceAccounts exist, as admission
 *       requires. Endpoints still name them by {@code targetRef}, which gives the identity.
 *   <li>HTTPRoutes are not watched ({@code http-routes=false}): their CRDs come from the Gateway
 *       API's release manifests, not from Maven, so the 90/10 to 50/50 split stays with the mock
 *       test.
 * </ul>
 */
// @Testcontainers first: its extension starts K3s before Spring's loads the app, and stops it after
// @DirtiesContext has closed the app (after-all callbacks run in reverse order).
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = K3sDiscoveryTest.K3sApiServer.class)
@DirtiesContext
class K3sDiscoveryTest {

  /** Pinned: scheduling gates are GA from Kubernetes 1.30. */
  static final DockerImageName K3S_IMAGE = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");

  static final Path SERVICE_PROFILE_CRD =
      Path.of("..", "helm", "meshctl-crds", "templates", "serviceprofiles.yaml");

  @Container static final K3sContainer k3s = new K3sContainer(K3S_IMAGE);

  /** The test's own client, for the writes; the app has its own from the same kubeconfig. */
  static KubernetesClient client;

  /** Hands the app a client of the K3s API server in place of the in-cluster one. */
  static final class K3sApiServer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      ((GenericApplicationContext) context)
          .registerBean(
              "kubernetesClient",
              KubernetesClient.class,
              K3sDiscoveryTest::newClient,
              definition -> definition.setDestroyMethodName("close"));
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mesh.discovery.source", () -> "kubernetes");
    registry.add("mesh.discovery.kubernetes.http-routes", () -> "false");
    registry.add("mesh.controller.grpc-port", () -> "0");
    registry.add("management.server.port", () -> "0");
  }

  /** Runs after the container has started and before the app does: its informers need the CRD. */
  @BeforeAll
  static void installCrdAndNamespace() {
    client = newClient();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(SERVICE_PROFILE_CRD.toFile())
            .item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(K3sDiscoveryTest::established, 60, TimeUnit.SECONDS);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    for (String serviceAccount : List.of("books", "authors")) {
      client
          .serviceAccounts()
          .inNamespace(NS)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(serviceAccount)
                  .withNamespace(NS)
                  .endMetadata()
                  .build())
          .create();
    }
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Autowired GrpcServerLifecycle grpcServer;
  @Autowired KubernetesSource source;

  private DestinationClient destinations;

  @BeforeEach
  void connect() {
    await().atMost(Duration.ofSeconds(60)).until(source::synced);
    destinations = new DestinationClient(grpcServer.port());
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    destinations.close();
  }

  @Test
  void endpointsAdded_notReady_andRemoved_reachTheClient() throws Exception {
    create(service("books"));
    create(pod("books-1", "books"));
    create(pod("books-2", "books"));
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
    create(service("authors"));
    create(pod("authors-1", "authors"));
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
    create(service("shelves"));
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
    create(service("covers"));
    create(serviceProfile("covers", spec(List.of(route("list", "GET", "/covers")))));
    var stream = destinations.getProfile("covers.demo:80");
    await().until(() -> routeNames(stream).equals(List.of("list")));

    // The CRD's schema lets a condition through as is; the controller is what rejects the regex.
    update(serviceProfile("covers", spec(List.of(route("list", "GET", "/covers(")))));

    assertThat(stream.quiet(1000)).isTrue();
  }

  /** The mock test's Service (no selector) without its fixed ClusterIP: K3s allocates one. */
  private static HasMetadata service(String name) {
    return TestObjects.service(name, null);
  }

  /**
   * The mock test's meshed pod, made acceptable to a real API server and kept off every node: no
   * owner, no status, a scheduling gate nobody removes.
   */
  private static Pod pod(String name, String serviceAccount) {
    return new PodBuilder(TestObjects.pod(name, null, serviceAccount, true))
        .editMetadata()
        .withOwnerReferences(List.of())
        .endMetadata()
        .editSpec()
        .withSchedulingGates(new PodSchedulingGate("meshctl.dev/never-scheduled"))
        .endSpec()
        .withStatus(null)
        .build();
  }

  private static KubernetesClient newClient() {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
        .build();
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int firstAddrCount(DestinationClient.Stream<Update> stream) throws Exception {
    Update update = stream.next();
    return update.hasAdd() ? update.getAdd().getAddrsCount() : -1;
  }

  private static List<String> routeNames(DestinationClient.Stream<DestinationProfile> stream)
      throws Exception {
    return stream.next().getRoutesList().stream().map(r -> r.getName()).toList();
  }

  /** Runs a change and waits for its message, printing how long it took to arrive. */
  private static <T> T timed(String what, Callable<T> changeAndReceive) throws Exception {
    long start = System.nanoTime();
    T message = changeAndReceive.call();
    System.out.printf(
        "propagation (k3s): %s took %.1f ms%n", what, (System.nanoTime() - start) / 1e6);
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

  /** Replaces the object; without a resourceVersion, fabric8 takes the server's latest one. */
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
