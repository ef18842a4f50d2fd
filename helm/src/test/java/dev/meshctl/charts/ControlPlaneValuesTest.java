package dev.meshctl.charts;

import static dev.meshctl.charts.ControlPlane.container;
import static dev.meshctl.charts.ControlPlane.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The control plane rendered with values other than the defaults. */
class ControlPlaneValuesTest {

  private Map<String, Object> values;

  @BeforeEach
  void pems() {
    values = TestPems.generate().values();
  }

  @Test
  void twoReplicas_addPodDisruptionBudgetsAndSpreadThePods() throws Exception {
    for (String component : List.of("controller", "identity", "injector", "web")) {
      Values.set(values, component + ".replicas", 2);
    }

    Rendered rendered = ControlPlane.render(values);

    assertThat(rendered.all(PodDisruptionBudget.class))
        .extracting(pdb -> pdb.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "meshctl-controller", "meshctl-identity", "meshctl-injector", "meshctl-web");
    for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
      Deployment deployment = rendered.get(Deployment.class, pdb.getMetadata().getName());
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
      assertThat(pdb.getSpec().getSelector().getMatchLabels())
          .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(
              deployment
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getAffinity()
                  .getPodAntiAffinity()
                  .getPreferredDuringSchedulingIgnoredDuringExecution())
          .hasSize(1);
    }
  }

  @Test
  void twoControllers_onlyTheControllerGetsABudget() throws Exception {
    Rendered rendered = ControlPlane.render(Values.set(values, "controller.replicas", 2));

    assertThat(rendered.all(PodDisruptionBudget.class))
        .extracting(pdb -> pdb.getMetadata().getName())
        .containsExactly("meshctl-controller");
  }

  @Test
  void existingIssuerSecret_replacesTheRenderedOne() throws Exception {
    Values.remove(values, "identity.issuer.tls");
    Values.set(values, "identity.issuer.existingSecret", "issuer-from-cert-manager");

    Rendered rendered = ControlPlane.render(values);

    assertThat(rendered.find(Secret.class, "meshctl-identity-issuer")).isEmpty();
    Deployment identity = rendered.get(Deployment.class, "meshctl-identity");
    assertThat(identity.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("issuer");
              assertThat(v.getSecret().getSecretName()).isEqualTo("issuer-from-cert-manager");
            });
    assertThat(env(identity, "MESH_IDENTITY_ISSUER_CERTIFICATE_FILE"))
        .isEqualTo("/var/run/meshctl/identity/issuer/tls.crt");
  }

  @Test
  void registryAndTag_nameEveryImage_andTheProxyVersion() throws Exception {
    Values.set(values, "image.registry", "registry.example.com/mesh/");
    Values.set(values, "image.tag", "1.2.3-rc1");
    Values.set(values, "image.pullPolicy", "Always");

    Rendered rendered = ControlPlane.render(values);

    assertThat(rendered.all(Deployment.class))
        .extracting(d -> container(d).getImage())
        .containsExactlyInAnyOrder(
            "registry.example.com/mesh/mesh-controller-app:1.2.3-rc1",
            "registry.example.com/mesh/mesh-identity-app:1.2.3-rc1",
            "registry.example.com/mesh/mesh-injector-app:1.2.3-rc1",
            "registry.example.com/mesh/mesh-web-app:1.2.3-rc1");
    assertThat(rendered.all(Deployment.class))
        .allSatisfy(d -> assertThat(container(d).getImagePullPolicy()).isEqualTo("Always"));
    Map<String, Object> config = injectionConfig(rendered);
    assertThat(config).containsEntry("version", "1.2.3-rc1");
    assertThat(proxy(config))
        .containsEntry("image", "registry.example.com/mesh/mesh-proxy:1.2.3-rc1")
        .containsEntry("imagePullPolicy", "Always");
  }

  @Test
  void failurePolicyFail_reachesTheWebhook() throws Exception {
    Rendered rendered = ControlPlane.render(Values.set(values, "injector.failurePolicy", "Fail"));

    assertThat(
            rendered
                .get(MutatingWebhookConfiguration.class, "meshctl-proxy-injector")
                .getWebhooks()
                .get(0)
                .getFailurePolicy())
        .isEqualTo("Fail");
  }

  @Test
  void httpRoutesOff_tellsTheController_andDropsTheRbacRule() throws Exception {
    Rendered rendered = ControlPlane.render(Values.set(values, "controller.httpRoutes", false));

    assertThat(
            env(
                rendered.get(Deployment.class, "meshctl-controller"),
                "MESH_DISCOVERY_KUBERNETES_HTTP_ROUTES"))
        .isEqualTo("false");
    assertThat(rendered.get(ClusterRole.class, "meshctl-meshctl-system-controller").getRules())
        .noneMatch(rule -> rule.getResources().contains("httproutes"))
        .anyMatch(rule -> rule.getResources().contains("serviceprofiles"));
  }

  @Test
  void installNamespaceFalse_leavesTheNamespaceOut() throws Exception {
    Rendered rendered = ControlPlane.render(Values.set(values, "installNamespace", false));

    assertThat(rendered.all(Namespace.class)).isEmpty();
  }

  @Test
  void trustDomainClusterDomainAndProxySettings_reachTheirConsumers() throws Exception {
    Values.set(values, "identityTrustDomain", "mesh.example");
    Values.set(values, "clusterDomain", "k8s.example");
    Values.set(values, "identity.tokenAudience", "aud.example");
    Values.set(values, "proxy.logLevel", "debug");
    Values.set(values, "proxy.opaquePorts", "3306,5432");
    Values.set(values, "proxy.uid", 3000);
    Values.set(values, "proxy.resources.cpuLimit", "1");
    Values.set(values, "proxy.nativeSidecar", "disabled");
    Values.set(values, "controller.prometheusUrl", "http://prometheus.monitoring:9090");

    Rendered rendered = ControlPlane.render(values);

    Map<String, Object> config = injectionConfig(rendered);
    assertThat(config)
        .containsEntry("trustDomain", "mesh.example")
        .containsEntry("clusterDomain", "k8s.example")
        .containsEntry("tokenAudience", "aud.example");
    assertThat(proxy(config))
        .containsEntry("logLevel", "debug")
        .containsEntry("opaquePorts", "3306,5432")
        .containsEntry("uid", 3000)
        .containsEntry("cpuLimit", "1")
        .containsEntry("nativeSidecar", "disabled");
    Deployment identity = rendered.get(Deployment.class, "meshctl-identity");
    assertThat(env(identity, "MESH_IDENTITY_TRUST_DOMAIN")).isEqualTo("mesh.example");
    assertThat(env(identity, "MESH_IDENTITY_TOKEN_AUDIENCE")).isEqualTo("aud.example");
    Deployment controller = rendered.get(Deployment.class, "meshctl-controller");
    assertThat(env(controller, "MESH_CONTROLLER_CLUSTER_DOMAIN")).isEqualTo("k8s.example");
    assertThat(env(controller, "MESH_METRICS_PROMETHEUS_URL"))
        .isEqualTo("http://prometheus.monitoring:9090");
    assertThat(env(rendered.get(Deployment.class, "meshctl-web"), "MESH_WEB_CONTROLLER_API"))
        .isEqualTo("http://meshctl-api.meshctl-system.svc.k8s.example:8085");
  }

  @Test
  void anotherNamespace_isUsedEverywhere() throws Exception {
    Rendered rendered =
        Rendered.parse(Charts.render(Charts.CONTROL_PLANE, "mesh", "mesh-cp", values));

    assertThat(rendered.objects())
        .filteredOn(o -> o.getMetadata().getNamespace() != null)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("mesh-cp"));
    assertThat(injectionConfig(rendered)).containsEntry("controlPlaneNamespace", "mesh-cp");
    assertThat(
            rendered
                .get(MutatingWebhookConfiguration.class, "meshctl-proxy-injector")
                .getWebhooks()
                .get(0)
                .getNamespaceSelector()
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactlyInAnyOrder("kube-system", "mesh-cp");
  }

  @Test
  void changedCertificates_changeThePodChecksums() throws Exception {
    Rendered before = ControlPlane.render(values);
    Rendered after = ControlPlane.render(TestPems.generate().values());

    for (String deployment :
        List.of("meshctl-controller", "meshctl-identity", "meshctl-injector")) {
      assertThat(checksums(after, deployment))
          .as(deployment)
          .isNotEqualTo(checksums(before, deployment));
    }
    assertThat(checksums(ControlPlane.render(values), "meshctl-injector"))
        .isEqualTo(checksums(before, "meshctl-injector"));
  }

  private static Map<String, String> checksums(Rendered rendered, String deployment) {
    return rendered
        .get(Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations();
  }

  private static Map<String, Object> injectionConfig(Rendered rendered) {
    return new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(rendered.get(ConfigMap.class, "meshctl-config").getData().get("config.yaml"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> proxy(Map<String, Object> config) {
    return (Map<String, Object>) config.get("proxy");
  }
}
