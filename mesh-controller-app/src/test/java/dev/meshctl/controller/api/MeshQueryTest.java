package dev.meshctl.controller.api;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.KubernetesObjects;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeshQueryTest {

  private static final String IDENTITY =
      "web-sa.demo.serviceaccount.identity.meshctl-system.example.org";

  private final DiscoveryModel model = new DiscoveryModel();
  private final MeshQuery query =
      new MeshQuery(
          model,
          new DestinationTranslator(
              model, new MeshSettings("cluster.local", "meshctl-system", "example.org")));

  /** Service web: pod web-1 meshed and ready, web-2 not meshed and not ready; a bare pod. */
  @BeforeEach
  void webWithTwoPodsAndABarePod() {
    add(service("web", "10.96.0.10"));
    add(service("api", "10.96.0.11"));
    add(pod("web-1", "10.0.0.1", "web-sa", true));
    add(pod("web-2", "10.0.0.2", "web-sa", false));
    add(
        slice(
            "web", ready("10.0.0.1", "web-1"), endpoint("10.0.0.2", "web-2", false, true, false)));
    model.upsert(
        new PodRecord(
            new ObjectKey("demo", "debug"),
            Optional.of("10.0.0.9"),
            "default",
            true,
            Optional.empty(),
            Set.of()));
  }

  @Test
  void namespaces_countServicesWorkloadsAndMeshedPods() {
    model.upsert(
        new PodRecord(
            new ObjectKey("other", "lonely"),
            Optional.empty(),
            "default",
            false,
            Optional.empty(),
            Set.of()));

    assertThat(query.namespaces())
        .containsExactly(
            new NamespaceView("demo", 2, 2, 2, 3), new NamespaceView("other", 0, 1, 0, 1));
  }

  @Test
  void services_areListedByNameWithTheirReadyEndpointCountAndProfile() {
    add(serviceProfile("web", spec(List.of(route("list", "GET", "/books")))));

    assertThat(query.services("demo"))
        .containsExactly(
            new ServiceView(
                "api", "10.96.0.11", List.of(new ServiceView.Port("http", 80, "8080")), 0, false),
            new ServiceView(
                "web", "10.96.0.10", List.of(new ServiceView.Port("http", 80, "8080")), 1, true));
  }

  @Test
  void workloads_groupPodsByOwner_aDeploymentFromItsReplicaSet_aBarePodAsItself() {
    List<WorkloadView> workloads = query.workloads("demo");

    assertThat(workloads)
        .containsExactly(
            new WorkloadView(
                "deployment",
                "web",
                List.of(
                    new WorkloadView.Pod("web-1", "10.0.0.1", true, IDENTITY),
                    new WorkloadView.Pod("web-2", "10.0.0.2", false, null)),
                false),
            new WorkloadView(
                "pod",
                "debug",
                List.of(
                    new WorkloadView.Pod(
                        "debug",
                        "10.0.0.9",
                        true,
                        "default.demo.serviceaccount.identity.meshctl-system.example.org")),
                true));
  }

  @Test
  void endpoints_includeNotReadyOnes_withTheirPodAndIdentity() {
    List<EndpointView.Port> ports = List.of(new EndpointView.Port("http", 8080));

    assertThat(query.endpoints("demo", "web"))
        .containsExactly(
            new EndpointView("10.0.0.1", ports, true, true, false, "web-1", true, IDENTITY),
            new EndpointView("10.0.0.2", ports, false, true, false, "web-2", false, null));
    assertThat(query.endpoints("demo", "api")).isEmpty();
  }

  @Test
  void profile_showsRoutesBudgetAndTheHttpRouteSplit() {
    Map<String, Object> list = route("list", "GET", "/books(/.*)?");
    list.put("isRetryable", true);
    list.put("timeout", "300ms");
    add(serviceProfile("web", spec(List.of(list, route("add", "POST", "/books")))));
    add(split("web", "web-v1", 90, "web-v2", 10));

    ProfileView profile = query.profile("demo", "web", OptionalInt.empty());

    assertThat(profile.fullyQualifiedName()).isEqualTo("web.demo.svc.cluster.local");
    assertThat(profile.port()).isEqualTo(80);
    assertThat(profile.routes())
        .containsExactly(
            new ProfileView.RouteView("list", "path=~/books(/.*)? and method=GET", true, "300ms"),
            new ProfileView.RouteView("add", "path=~/books and method=POST", false, null));
    assertThat(profile.retryBudget()).isEqualTo(new ProfileView.RetryBudgetView(0.2f, 10, "10s"));
    assertThat(profile.dstOverrides())
        .containsExactly(
            new ProfileView.DstOverride("web-v1.demo.svc.cluster.local:80", 90),
            new ProfileView.DstOverride("web-v2.demo.svc.cluster.local:80", 10));
  }

  @Test
  void profileOfAServiceWithoutOne_isTheDefault() {
    ProfileView profile = query.profile("demo", "api", OptionalInt.of(80));

    assertThat(profile.routes()).isEmpty();
    assertThat(profile.dstOverrides()).isEmpty();
    assertThat(profile.retryBudget().ttl()).isEqualTo("10s");
  }

  @Test
  void unknownNamespaceServiceOrPort_isNotFound_sayingWhich() {
    assertThatThrownBy(() -> query.services("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("namespace \"nope\" not found");
    assertThatThrownBy(() -> query.endpoints("demo", "nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("service \"nope\" not found in namespace \"demo\"");
    assertThatThrownBy(() -> query.profile("demo", "web", OptionalInt.of(81)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("service demo/web has no port 81");
  }

  @Test
  void namesThatAreNotDnsLabels_areInvalid() {
    for (String name : List.of("Demo", "a.b", "a/b", "-a", "", "a".repeat(64), "demo "))
      assertThatThrownBy(() -> query.workloads(name))
          .as(name)
          .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> query.profile("demo", "web..", OptionalInt.empty()))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("service name \"web..\"");
  }

  private void add(HasMetadata object) {
    model.upsert(KubernetesObjects.translate(object).orElseThrow());
  }
}
