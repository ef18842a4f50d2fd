package dev.meshctl.injection;

import static dev.meshctl.injection.TestPods.container;
import static dev.meshctl.injection.TestPods.env;
import static dev.meshctl.injection.TestPods.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy as the first ordinary container, for clusters before 1.29 or when asked. */
class PodInjectorClassicSidecarTest {

  private final PodInjector injector = new PodInjector(TestPods.config());

  @Test
  void proxyIsTheFirstContainer_andMeshInitTheLastInitContainer() {
    Pod pod = inject("deployment-pod-with-init.yaml", false).pod();

    assertThat(names(pod.getSpec().getContainers()))
        .containsExactly("mesh-proxy", "voting", "log-shipper");
    assertThat(names(pod.getSpec().getInitContainers())).containsExactly("migrate", "mesh-init");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("meshctl.dev/inject-mode", "classic");
  }

  @Test
  void proxy_holdsTheApplicationBackUntilReady_withAPostStartHook() {
    Container proxy = proxy(inject("deployment-pod.yaml", false).pod());

    assertThat(proxy.getRestartPolicy()).isNull();
    assertThat(proxy.getStartupProbe()).isNull();
    assertThat(proxy.getLifecycle().getPostStart().getExec().getCommand())
        .containsExactly(
            "java",
            "-cp",
            "@/app/jib-classpath-file",
            "dev.meshctl.proxy.init.AwaitReady",
            "--port",
            "4191",
            "--timeout",
            "120s");
    assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/live");
    assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(proxy.getSecurityContext().getRunAsUser()).isEqualTo(2102L);
    assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void patch_addsTheProxyAtTheFrontAndMeshInitAtTheEnd() {
    InjectionResult result = inject("deployment-pod-with-init.yaml", false);

    assertThat(result.patch())
        .extracting(op -> op.get("op").asText() + " " + op.get("path").asText())
        .containsExactly(
            "add /spec/containers/0",
            "add /spec/initContainers/-",
            "add /spec/volumes/-",
            "add /spec/volumes/-",
            "add /spec/volumes/-",
            "add /metadata/annotations/meshctl.dev~1proxy-version",
            "add /metadata/annotations/meshctl.dev~1inject-mode",
            "add /metadata/annotations/meshctl.dev~1injected");
    assertThat(result.patch().get(0).get("value").get("name").asText()).isEqualTo("mesh-proxy");
    assertThat(result.patch().get(1).get("value").get("name").asText()).isEqualTo("mesh-init");
  }

  @Test
  void podWithoutInitContainers_getsTheWholeArray() {
    InjectionResult result = inject("job-pod.yaml", false);

    assertThat(names(result.pod().getSpec().getInitContainers())).containsExactly("mesh-init");
    assertThat(names(result.pod().getSpec().getContainers()))
        .containsExactly("mesh-proxy", "report");
    assertThat(result.patch())
        .extracting(op -> op.get("path").asText())
        .containsExactly(
            "/spec/containers/0", "/spec/initContainers", "/spec/volumes", "/metadata/annotations");
  }

  @Test
  void nativeSidecarMode_decidesWithTheClusterAndTheAnnotations() {
    assertThat(modeOf(TestPods.config("nativeSidecar: auto"), Map.of(), Map.of(), true))
        .isEqualTo("native");
    assertThat(modeOf(TestPods.config("nativeSidecar: auto"), Map.of(), Map.of(), false))
        .isEqualTo("classic");
    assertThat(modeOf(TestPods.config("nativeSidecar: enabled"), Map.of(), Map.of(), false))
        .isEqualTo("native");
    assertThat(modeOf(TestPods.config("nativeSidecar: disabled"), Map.of(), Map.of(), true))
        .isEqualTo("classic");
    Map<String, String> podSaysDisabled = Map.of("config.meshctl.dev/native-sidecar", "disabled");
    Map<String, String> namespaceSaysEnabled =
        Map.of("config.meshctl.dev/native-sidecar", "enabled");
    assertThat(modeOf(TestPods.config(), Map.of(), podSaysDisabled, true)).isEqualTo("classic");
    assertThat(modeOf(TestPods.config(), namespaceSaysEnabled, Map.of(), false))
        .isEqualTo("native");
    assertThat(modeOf(TestPods.config(), podSaysDisabled, namespaceSaysEnabled, true))
        .as("the pod wins over its namespace")
        .isEqualTo("classic");
  }

  @Test
  void annotatedPod_overridesPortsResourcesAndLogLevel() {
    Pod pod = inject("annotated-pod.yaml", false).pod();
    Container proxy = proxy(pod);
    Container init = container(pod.getSpec().getInitContainers(), "mesh-init");

    assertThat(init.getArgs())
        .containsExactly(
            "--proxy-uid",
            "2102",
            "--inbound-port",
            "4143",
            "--outbound-port",
            "4140",
            "--ignore-inbound-ports",
            "4190,4191,9090,9100-9110",
            "--ignore-outbound-ports",
            "5432,6379");
    assertThat(env(proxy))
        .containsEntry("MESH_PROXY_OPAQUE_PORTS", "3306")
        .containsEntry("MESH_PROXY_LOG_LEVEL", "debug");
    assertThat(proxy.getResources().getRequests())
        .containsExactly(entry("cpu", new Quantity("250m")), entry("memory", new Quantity("64Mi")));
    assertThat(proxy.getResources().getLimits())
        .containsExactly(entry("cpu", new Quantity("1")), entry("memory", new Quantity("256Mi")));
  }

  @Test
  void opaquePortsFromTheConfig_whenThePodSaysNothing() {
    PodInjector withOpaque = new PodInjector(TestPods.config("opaquePorts: \"25,587\""));
    Pod pod = TestPods.load("job-pod.yaml");

    Container proxy = proxy(withOpaque.injectExplicitly(pod, "reports", false).pod());

    assertThat(env(proxy)).containsEntry("MESH_PROXY_OPAQUE_PORTS", "25,587");
    assertThat(env(proxy).keySet()).last().isEqualTo("MESH_PROXY_OPAQUE_PORTS");
  }

  private static String modeOf(
      InjectionConfig config,
      Map<String, String> podAnnotations,
      Map<String, String> namespaceAnnotations,
      boolean clusterSupportsNativeSidecars) {
    Pod pod = TestPods.load("job-pod.yaml");
    pod.getMetadata().getAnnotations().putAll(podAnnotations);
    pod.getMetadata().getAnnotations().put("meshctl.dev/inject", "enabled");
    InjectionResult result =
        new PodInjector(config)
            .inject(pod, "reports", namespaceAnnotations, clusterSupportsNativeSidecars);
    assertThat(result.injected()).as(result.reason()).isTrue();
    return result.pod().getMetadata().getAnnotations().get("meshctl.dev/inject-mode");
  }

  private InjectionResult inject(String fixture, boolean clusterSupportsNativeSidecars) {
    Pod pod = TestPods.load(fixture);
    InjectionResult result =
        injector.injectExplicitly(
            pod, pod.getMetadata().getNamespace(), clusterSupportsNativeSidecars);
    assertThat(result.injected()).as(result.reason()).isTrue();
    return result;
  }

  private static Container proxy(Pod pod) {
    return container(pod.getSpec().getContainers(), "mesh-proxy");
  }
}
