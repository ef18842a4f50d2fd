package dev.meshctl.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pods get the proxy, and why the others do not. */
class PodInjectorDecisionTest {

  private static final Map<String, String> ENABLED = Map.of("meshctl.dev/inject", "enabled");
  private static final Map<String, String> DISABLED = Map.of("meshctl.dev/inject", "disabled");

  private final PodInjector injector = new PodInjector(TestPods.config());

  @Test
  void namespaceOptIn_injectsItsPods() {
    InjectionResult result = injector.inject(pod(null), "emojivoto", ENABLED, true);

    assertThat(result.injected()).isTrue();
  }

  @Test
  void podOptIn_isEnoughInAnUnannotatedNamespace() {
    assertThat(injector.inject(pod("enabled"), "emojivoto", Map.of(), true).injected()).isTrue();
    assertThat(injector.inject(pod("enabled"), "emojivoto", null, true).injected()).isTrue();
  }

  @Test
  void podOptOut_winsOverItsNamespace() {
    InjectionResult result = injector.inject(pod("disabled"), "emojivoto", ENABLED, true);

    assertThat(result.injected()).isFalse();
    assertThat(result.reason()).isEqualTo("the pod has meshctl.dev/inject: disabled");
    assertThat(result.patch()).isEmpty();
    assertThat(result.invalidAnnotation()).isFalse();
  }

  @Test
  void podOptIn_winsOverANamespaceOptOut() {
    assertThat(injector.inject(pod("enabled"), "emojivoto", DISABLED, true).injected()).isTrue();
  }

  @Test
  void noOptIn_isNotInjected() {
    InjectionResult result = injector.inject(pod(null), "emojivoto", Map.of("team", "a"), true);

    assertThat(result.injected()).isFalse();
    assertThat(result.reason())
        .isEqualTo("neither the pod nor namespace emojivoto has meshctl.dev/inject: enabled");
    assertThat(TestPods.json(result.pod())).isEqualTo(TestPods.json(pod(null)));
  }

  @Test
  void namespaceOptOut_isNotInjected() {
    InjectionResult result = injector.inject(pod(null), "emojivoto", DISABLED, true);

    assertThat(result.injected()).isFalse();
    assertThat(result.reason()).isEqualTo("namespace emojivoto has meshctl.dev/inject: disabled");
  }

  @Test
  void controlPlaneNamespace_isNeverInjected() {
    InjectionResult webhook = injector.inject(pod("enabled"), "meshctl-system", ENABLED, true);
    InjectionResult explicit = injector.injectExplicitly(pod(null), "meshctl-system", true);

    assertThat(webhook.injected()).isFalse();
    assertThat(webhook.reason())
        .isEqualTo("namespace meshctl-system is the control plane's, which is never injected");
    assertThat(explicit.injected()).isFalse();
    assertThat(explicit.reason()).isEqualTo(webhook.reason());
  }

  @Test
  void otherControlPlaneNamespace_followsTheConfig() {
    PodInjector other =
        new PodInjector(
            InjectionConfig.parse(
                "controlPlaneNamespace: mesh\ntrustAnchorsPEM: |\n"
                    + TestPods.TRUST_ANCHORS_PEM.indent(2)));

    assertThat(other.inject(pod("enabled"), "mesh", Map.of(), true).injected()).isFalse();
    assertThat(other.inject(pod("enabled"), "meshctl-system", Map.of(), true).injected()).isTrue();
  }

  @Test
  void kubeSystem_isNeverInjected() {
    InjectionResult webhook = injector.inject(pod("enabled"), "kube-system", ENABLED, true);
    InjectionResult explicit = injector.injectExplicitly(pod(null), "kube-system", true);

    assertThat(webhook.injected()).isFalse();
    assertThat(webhook.reason()).isEqualTo("namespace kube-system is never injected");
    assertThat(explicit.injected()).isFalse();
  }

  @Test
  void alreadyInjectedPod_isLeftAlone_inBothModes() {
    Pod nativeInjected = injector.injectExplicitly(pod(null), "emojivoto", true).pod();
    Pod classicInjected = injector.injectExplicitly(pod(null), "emojivoto", false).pod();

    for (Pod injected : new Pod[] {nativeInjected, classicInjected}) {
      assertThat(PodInjector.isInjected(injected)).isTrue();
      InjectionResult again = injector.inject(injected, "emojivoto", ENABLED, true);
      assertThat(again.injected()).isFalse();
      assertThat(again.reason()).isEqualTo("the pod already has a mesh-proxy container");
      assertThat(again.patch()).isEmpty();
      assertThat(injector.injectExplicitly(injected, "emojivoto", false).injected()).isFalse();
    }
    assertThat(PodInjector.isInjected(pod(null))).isFalse();
  }

  @Test
  void explicitInjection_needsNoAnnotation_butHonoursAnOptOut() {
    assertThat(injector.injectExplicitly(pod(null), "emojivoto", true).injected()).isTrue();

    InjectionResult optedOut = injector.injectExplicitly(pod("disabled"), "emojivoto", true);
    assertThat(optedOut.injected()).isFalse();
    assertThat(optedOut.reason()).isEqualTo("the pod has meshctl.dev/inject: disabled");
  }

  @Test
  void hostNetworkPod_isSkipped() {
    Pod pod = TestPods.load("host-network-pod.yaml");

    InjectionResult webhook = injector.inject(pod, "monitoring", Map.of(), true);
    InjectionResult explicit = injector.injectExplicitly(pod, "monitoring", true);

    assertThat(webhook.injected()).isFalse();
    assertThat(webhook.reason()).startsWith("the pod uses the host's network (hostNetwork: true)");
    assertThat(explicit.injected()).isFalse();
  }

  @Test
  void badAnnotationValues_areNotInjected_andTheReasonNamesTheAnnotation() {
    assertBadAnnotation(
        "config.meshctl.dev/skip-inbound-ports",
        "80,http",
        "not injected: annotation config.meshctl.dev/skip-inbound-ports on the pod has \"http\","
            + " which is not a port number or range");
    assertBadAnnotation(
        "config.meshctl.dev/skip-outbound-ports",
        "0",
        "not injected: annotation config.meshctl.dev/skip-outbound-ports on the pod has the port"
            + " 0, outside 1-65535");
    assertBadAnnotation(
        "config.meshctl.dev/opaque-ports",
        "8010-8000",
        "not injected: annotation config.meshctl.dev/opaque-ports on the pod has the range"
            + " 8010-8000 whose start is after its end");
    assertBadAnnotation(
        "config.meshctl.dev/native-sidecar",
        "yes",
        "not injected: annotation config.meshctl.dev/native-sidecar on the pod is \"yes\", which"
            + " is not one of auto, enabled, disabled");
    assertBadAnnotation(
        "config.meshctl.dev/proxy-memory-limit",
        "a lot",
        "not injected: annotation config.meshctl.dev/proxy-memory-limit on the pod is \"a lot\","
            + " which is not a Kubernetes quantity (for example 100m, 0.5, 128Mi)");
    assertBadAnnotation(
        "config.meshctl.dev/proxy-log-level",
        "very loud",
        "not injected: annotation config.meshctl.dev/proxy-log-level on the pod is \"very loud\","
            + " which is not a log level (for example info or debug)");
  }

  @Test
  void injectAnnotationThatIsNeitherEnabledNorDisabled_isABadAnnotation() {
    InjectionResult onPod = injector.inject(pod("true"), "emojivoto", ENABLED, true);
    InjectionResult onNamespace =
        injector.inject(pod(null), "emojivoto", Map.of("meshctl.dev/inject", "yes"), true);

    assertThat(onPod.injected()).isFalse();
    assertThat(onPod.invalidAnnotation()).isTrue();
    assertThat(onPod.reason())
        .isEqualTo(
            "not injected: annotation meshctl.dev/inject on the pod is \"true\", which is not"
                + " enabled or disabled");
    assertThat(onNamespace.invalidAnnotation()).isTrue();
    assertThat(onNamespace.reason())
        .isEqualTo(
            "not injected: annotation meshctl.dev/inject on namespace emojivoto is \"yes\", which"
                + " is not enabled or disabled");
  }

  @Test
  void badNamespaceAnnotation_saysItIsOnTheNamespace() {
    InjectionResult result =
        injector.inject(
            pod(null),
            "emojivoto",
            Map.of(
                "meshctl.dev/inject", "enabled",
                "config.meshctl.dev/skip-outbound-ports", "99999"),
            true);

    assertThat(result.injected()).isFalse();
    assertThat(result.reason())
        .isEqualTo(
            "not injected: annotation config.meshctl.dev/skip-outbound-ports on the namespace has"
                + " the port 99999, outside 1-65535");
  }

  @Test
  void namespaceSettings_applyUnlessThePodSaysOtherwise() {
    Map<String, String> namespace =
        Map.of(
            "meshctl.dev/inject", "enabled",
            "config.meshctl.dev/skip-outbound-ports", "5432",
            "config.meshctl.dev/proxy-log-level", "warn");
    Pod pod = pod(null);
    pod.getMetadata().getAnnotations().put("config.meshctl.dev/proxy-log-level", "debug");

    Pod injected = injector.inject(pod, "emojivoto", namespace, true).pod();

    assertThat(TestPods.container(injected.getSpec().getInitContainers(), "mesh-init").getArgs())
        .containsSequence("--ignore-outbound-ports", "5432");
    assertThat(
            TestPods.env(TestPods.container(injected.getSpec().getInitContainers(), "mesh-proxy")))
        .containsEntry("MESH_PROXY_LOG_LEVEL", "debug");
  }

  private void assertBadAnnotation(String key, String value, String reason) {
    Pod pod = pod("enabled");
    pod.getMetadata().getAnnotations().put(key, value);

    InjectionResult webhook = injector.inject(pod, "emojivoto", Map.of(), true);
    InjectionResult explicit = injector.injectExplicitly(pod, "emojivoto", true);

    assertThat(webhook.injected()).isFalse();
    assertThat(webhook.reason()).isEqualTo(reason);
    assertThat(webhook.patch()).isEmpty();
    assertThat(webhook.invalidAnnotation()).isTrue();
    assertThat(explicit.injected()).isFalse();
    assertThat(explicit.reason()).isEqualTo(reason);
  }

  /** The Deployment's pod, with {@code meshctl.dev/inject} set to {@code inject} unless null. */
  private static Pod pod(String inject) {
    Pod pod = TestPods.load("deployment-pod.yaml");
    if (inject != null) {
      pod.getMetadata().getAnnotations().put("meshctl.dev/inject", inject);
    }
    return pod;
  }
}
