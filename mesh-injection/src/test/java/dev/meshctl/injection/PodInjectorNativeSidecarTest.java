package dev.meshctl.injection;

import static dev.meshctl.injection.TestPods.container;
import static dev.meshctl.injection.TestPods.env;
import static dev.meshctl.injection.TestPods.names;
import static dev.meshctl.injection.TestPods.volumeNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy as a native sidecar (the default on Kubernetes 1.29+), checked field by field. */
class PodInjectorNativeSidecarTest {

  private final PodInjector injector = new PodInjector(TestPods.config());

  @Test
  void deploymentPod_getsInitThenProxyAsInitContainers() {
    Pod original = TestPods.load("deployment-pod.yaml");
    JsonNode before = TestPods.json(original);

    InjectionResult result =
        injector.inject(original, "emojivoto", Map.of("meshctl.dev/inject", "enabled"), true);

    assertThat(result.injected()).isTrue();
    assertThat(result.reason())
        .isEqualTo(
            "added mesh-proxy (native sidecar), mesh-init, volumes meshctl-identity-token,"
                + " meshctl-proxy-tmp, meshctl-init-xtables-lock (proxy 0.1.0)");
    assertThat(TestPods.json(original)).as("the input is not changed").isEqualTo(before);
    Pod pod = result.pod();
    assertThat(names(pod.getSpec().getInitContainers())).containsExactly("mesh-init", "mesh-proxy");
    assertThat(names(pod.getSpec().getContainers())).containsExactly("web");
    assertThat(pod.getSpec().getContainers().get(0))
        .isEqualTo(original.getSpec().getContainers().get(0));
    assertThat(pod.getMetadata().getAnnotations())
        .containsExactly(
            entry("meshctl.dev/proxy-version", "0.1.0"),
            entry("meshctl.dev/inject-mode", "native"),
            entry(
                "meshctl.dev/injected",
                "mesh-proxy,mesh-init,meshctl-identity-token,meshctl-proxy-tmp,meshctl-init-xtables-lock"));
  }

  @Test
  void proxy_restartsAlways_andStartsOnceReady() {
    Container proxy = injectedProxy("deployment-pod.yaml");

    assertThat(proxy.getRestartPolicy()).isEqualTo("Always");
    assertThat(proxy.getLifecycle()).isNull();
    assertHttpGet(proxy.getStartupProbe(), "/ready");
    assertThat(proxy.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
    assertThat(proxy.getStartupProbe().getFailureThreshold()).isEqualTo(120);
    assertHttpGet(proxy.getLivenessProbe(), "/live");
    assertHttpGet(proxy.getReadinessProbe(), "/ready");
  }

  @Test
  void proxy_hasImagePortsAndEnvironment_inTheContractsOrder() {
    Container proxy = injectedProxy("deployment-pod.yaml");

    assertThat(proxy.getImage()).isEqualTo("ghcr.io/meshctl/mesh-proxy:0.1.0");
    assertThat(proxy.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(proxy.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort() + "/" + p.getProtocol())
        .containsExactly("mesh-inbound=4143/TCP", "mesh-admin=4191/TCP", "mesh-tap=4190/TCP");
    assertThat(env(proxy))
        .containsExactly(
            entry("_pod_ns", "metadata.namespace"),
            entry("_pod_sa", "spec.serviceAccountName"),
            entry("_pod_nodeName", "spec.nodeName"),
            entry(
                "MESH_PROXY_DESTINATION_SVC_ADDR",
                "meshctl-destination.meshctl-system.svc.cluster.local:8086"),
            entry(
                "MESH_PROXY_DESTINATION_CONTEXT",
                "{\"ns\":\"$(_pod_ns)\",\"nodeName\":\"$(_pod_nodeName)\"}"),
            entry(
                "MESH_PROXY_IDENTITY_SVC_ADDR",
                "meshctl-identity.meshctl-system.svc.cluster.local:8080"),
            entry(
                "MESH_PROXY_IDENTITY_SVC_NAME",
                "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system"
                    + ".cluster.local"),
            entry(
                "MESH_PROXY_IDENTITY_LOCAL_NAME",
                "$(_pod_sa).$(_pod_ns).serviceaccount.identity.meshctl-system.cluster.local"),
            entry("MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", TestPods.TRUST_ANCHORS_PEM),
            entry(
                "MESH_PROXY_IDENTITY_TOKEN_FILE",
                "/var/run/secrets/meshctl.dev/serviceaccount/token"),
            entry(
                "MESH_PROXY_TAP_SVC_NAME",
                "meshctl-controller.meshctl-system.serviceaccount.identity.meshctl-system"
                    + ".cluster.local"),
            entry("MESH_PROXY_LOG_LEVEL", "info"));
  }

  @Test
  void proxy_runsAsItsOwnUser_withNothingToEscalate() {
    SecurityContext security = injectedProxy("deployment-pod.yaml").getSecurityContext();

    assertThat(security.getRunAsUser()).isEqualTo(2102L);
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isEmpty();
  }

  @Test
  void proxy_getsTheConfiguredResources() {
    Container proxy = injectedProxy("deployment-pod.yaml");

    assertThat(proxy.getResources().getRequests())
        .containsExactly(entry("cpu", new Quantity("100m")), entry("memory", new Quantity("32Mi")));
    assertThat(proxy.getResources().getLimits())
        .containsExactly(entry("memory", new Quantity("128Mi")));
  }

  @Test
  void tokenVolume_isProjectedForTheIdentityAudience_andMountedReadOnly() {
    Pod pod = inject("deployment-pod.yaml").pod();

    assertThat(volumeNames(pod.getSpec().getVolumes()))
        .containsExactly(
            "kube-api-access-abcde",
            "meshctl-identity-token",
            "meshctl-proxy-tmp",
            "meshctl-init-xtables-lock");
    Volume token = pod.getSpec().getVolumes().get(1);
    assertThat(token.getProjected().getSources()).hasSize(1);
    ServiceAccountTokenProjection projection =
        token.getProjected().getSources().get(0).getServiceAccountToken();
    assertThat(projection.getAudience()).isEqualTo("identity.meshctl.dev");
    assertThat(projection.getExpirationSeconds()).isEqualTo(86400L);
    assertThat(projection.getPath()).isEqualTo("token");
    assertThat(pod.getSpec().getVolumes().get(2).getEmptyDir()).isNotNull();
    assertThat(pod.getSpec().getVolumes().get(3).getEmptyDir()).isNotNull();

    List<VolumeMount> mounts =
        container(pod.getSpec().getInitContainers(), "mesh-proxy").getVolumeMounts();
    assertThat(mounts)
        .extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
        .containsExactly(
            "meshctl-identity-token:/var/run/secrets/meshctl.dev/serviceaccount:true",
            "meshctl-proxy-tmp:/tmp:null");
  }

  @Test
  void initContainer_runsProxyInitAsRoot_withNetworkCapabilitiesOnly() {
    Container init =
        container(inject("deployment-pod.yaml").pod().getSpec().getInitContainers(), "mesh-init");

    assertThat(init.getImage()).isEqualTo("ghcr.io/meshctl/mesh-proxy:0.1.0");
    assertThat(init.getCommand())
        .containsExactly(
            "java",
            "-Xmx16m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            "@/app/jib-classpath-file",
            "dev.meshctl.proxy.init.ProxyInit");
    assertThat(init.getArgs())
        .containsExactly(
            "--proxy-uid",
            "2102",
            "--inbound-port",
            "4143",
            "--outbound-port",
            "4140",
            "--ignore-inbound-ports",
            "4190,4191");
    SecurityContext security = init.getSecurityContext();
    assertThat(security.getRunAsUser()).isEqualTo(0L);
    assertThat(security.getRunAsNonRoot()).isFalse();
    assertThat(security.getCapabilities().getAdd()).containsExactly("NET_ADMIN", "NET_RAW");
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(init.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("meshctl-proxy-tmp:/tmp", "meshctl-init-xtables-lock:/run");
    assertThat(init.getRestartPolicy()).isNull();
  }

  @Test
  void podWithInitContainers_proxyStartsBeforeTheApplicationsInitContainers() {
    Pod pod = inject("deployment-pod-with-init.yaml").pod();

    assertThat(names(pod.getSpec().getInitContainers()))
        .containsExactly("mesh-init", "mesh-proxy", "migrate");
    assertThat(names(pod.getSpec().getContainers())).containsExactly("voting", "log-shipper");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("meshctl.dev/inject", "enabled")
        .containsEntry("example.com/owner~team", "voting")
        .containsEntry("meshctl.dev/inject-mode", "native");
  }

  @Test
  void patch_insertsIntoExistingArrays_andAddsWhatIsMissing() {
    InjectionResult withInit = inject("deployment-pod-with-init.yaml");
    assertThat(withInit.patch())
        .extracting(op -> op.get("op").asText() + " " + op.get("path").asText())
        .containsExactly(
            "add /spec/initContainers/0",
            "add /spec/initContainers/1",
            "add /spec/volumes/-",
            "add /spec/volumes/-",
            "add /spec/volumes/-",
            "add /metadata/annotations/meshctl.dev~1proxy-version",
            "add /metadata/annotations/meshctl.dev~1inject-mode",
            "add /metadata/annotations/meshctl.dev~1injected");

    InjectionResult job = inject("job-pod.yaml");
    assertThat(job.patch())
        .extracting(op -> op.get("op").asText() + " " + op.get("path").asText())
        .containsExactly(
            "add /spec/initContainers", "add /spec/volumes", "add /metadata/annotations");
    assertThat(job.patch().get(0).get("value")).hasSize(2);
  }

  private static void assertHttpGet(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(4191);
  }

  private InjectionResult inject(String fixture) {
    Pod pod = TestPods.load(fixture);
    return injector.injectExplicitly(pod, pod.getMetadata().getNamespace(), true);
  }

  private Container injectedProxy(String fixture) {
    return container(inject(fixture).pod().getSpec().getInitContainers(), "mesh-proxy");
  }
}
