package dev.meshctl.controller.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.tap.ObserveRequest.Match;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.KubernetesObjects;
import dev.meshctl.controller.discovery.MeshSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TapPlannerTest {

  private final DiscoveryModel model = new DiscoveryModel();
  private final TapPlanner planner =
      new TapPlanner(model, new MeshSettings("cluster.local", "meshctl-system", "example.org"));

  TapPlannerTest() {
    add(pod("web-1", "web", true, "10.0.0.1", "4200"));
    add(pod("web-2", "web", true, "10.0.0.2", null));
    add(pod("books-1", "books", true, "10.0.0.3", "not-a-port"));
    add(pod("legacy-1", "legacy", false, "10.0.0.4", null));
  }

  @Test
  void deployment_selectsItsMeshedPods_atTheirTapPortAnnotation_orTheDefault() {
    TapPlan plan = plan(Map.of("resource", "deploy/web", "namespace", "demo"));

    assertThat(plan.targets())
        .containsExactly(
            new TapTarget(
                "demo",
                "web-1",
                "10.0.0.1",
                4200,
                "web.demo.serviceaccount.identity.meshctl-system.example.org"),
            new TapTarget(
                "demo",
                "web-2",
                "10.0.0.2",
                4190,
                "web.demo.serviceaccount.identity.meshctl-system.example.org"));
    assertThat(plan.request().hasMatch()).isFalse();
  }

  @Test
  void anAnnotationThatIsNotAPort_leavesTheDefault() {
    assertThat(plan(Map.of("resource", "po/books-1", "namespace", "demo")).targets())
        .singleElement()
        .extracting(TapTarget::port)
        .isEqualTo(4190);
  }

  @Test
  void oneFilter_isTheMatchItself_toAnAuthority_matchesTheAuthority() {
    assertThat(
            plan(Map.of("resource", "deploy/web", "namespace", "demo", "method", "GET"))
                .request()
                .getMatch())
        .isEqualTo(Match.newBuilder().setMethod("GET").build());
    TapPlan toAuthority =
        plan(Map.of("resource", "deploy/web", "namespace", "demo", "to", "authority/b:80"));
    assertThat(toAuthority.request().getMatch())
        .isEqualTo(Match.newBuilder().setAuthority("b:80").build());
    assertThat(toAuthority.destinationIdentities()).isEmpty();
  }

  @Test
  void toAWorkload_matchesAnyOfItsIdentities_andTheControllerChecksTheDestination() {
    TapPlan plan =
        plan(Map.of("resource", "deploy/web", "namespace", "demo", "to", "deploy/books"));
    String books = "books.demo.serviceaccount.identity.meshctl-system.example.org";

    assertThat(plan.request().getMatch())
        .isEqualTo(
            Match.newBuilder()
                .setAny(Match.Seq.newBuilder().addMatches(Match.newBuilder().setIdentity(books)))
                .build());
    assertThat(plan.destinationIdentities()).containsExactly(books);
  }

  @Test
  void nothingToTap_orUnknown_saysSo() {
    assertReason(
        Map.of("resource", "deploy/nope", "namespace", "demo"),
        "deployment \"nope\" not found in namespace \"demo\"",
        TapRequestException.Reason.NOT_FOUND);
    assertReason(
        Map.of("resource", "sts", "namespace", "demo"),
        "no statefulset in namespace \"demo\"",
        TapRequestException.Reason.NOT_FOUND);
    assertReason(
        Map.of("resource", "ns/empty"),
        "namespace \"empty\" has no pods",
        TapRequestException.Reason.NOT_FOUND);
    assertReason(
        Map.of("resource", "deploy/legacy", "namespace", "demo"),
        "deployment/legacy in namespace \"demo\" has no meshed pod",
        TapRequestException.Reason.INVALID);
    assertReason(
        Map.of("resource", "deploy/web", "namespace", "demo", "to", "deploy/legacy"),
        "to: deployment/legacy in namespace \"demo\" has no meshed pod",
        TapRequestException.Reason.INVALID);
  }

  private void assertReason(
      Map<String, String> parameters, String message, TapRequestException.Reason reason) {
    assertThatThrownBy(() -> plan(parameters))
        .isInstanceOfSatisfying(
            TapRequestException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  private TapPlan plan(Map<String, String> parameters) {
    return planner.plan(TapQuery.parse(parameters, 100));
  }

  private void add(Pod pod) {
    model.upsert(KubernetesObjects.translate(pod).orElseThrow());
  }

  private static Pod pod(
      String name, String deployment, boolean meshed, String ip, String tapPort) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("demo")
            .addToLabels("pod-template-hash", "5f7c9")
            .addNewOwnerReference()
            .withKind("ReplicaSet")
            .withName(deployment + "-5f7c9")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName(deployment)
            .addNewContainer()
            .withName(meshed ? "mesh-proxy" : "app")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPodIP(ip)
            .endStatus();
    if (tapPort != null) {
      pod.editMetadata().addToAnnotations("meshctl.dev/proxy-tap-port", tapPort).endMetadata();
    }
    return pod.build();
  }
}
