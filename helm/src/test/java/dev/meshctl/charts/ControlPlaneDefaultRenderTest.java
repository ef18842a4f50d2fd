package dev.meshctl.charts;

import static dev.meshctl.charts.ControlPlane.NAMESPACE;
import static dev.meshctl.charts.ControlPlane.container;
import static dev.meshctl.charts.ControlPlane.env;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.NativeSidecarMode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The control plane as `meshctl install` renders it: default values and generated PEMs. */
class ControlPlaneDefaultRenderTest {

  private static final List<String> COMPONENTS =
      List.of("controller", "identity", "injector", "web");

  private TestPems pems;
  private Rendered rendered;

  @BeforeEach
  void render() throws Exception {
    pems = TestPems.generate();
    rendered = ControlPlane.render(pems.values());
  }

  @Test
  void rendersTheObjectsOfTheContract() {
    assertThat(names(Deployment.class))
        .containsExactlyInAnyOrder(
            "meshctl-controller", "meshctl-identity", "meshctl-injector", "meshctl-web");
    assertThat(names(ServiceAccount.class))
        .containsExactlyInAnyOrder(
            "meshctl-controller", "meshctl-identity", "meshctl-injector", "meshctl-web");
    assertThat(names(Service.class))
        .containsExactlyInAnyOrder(
            "meshctl-destination",
            "meshctl-api",
            "meshctl-identity",
            "meshctl-injector",
            "meshctl-web");
    assertThat(names(ConfigMap.class))
        .containsExactlyInAnyOrder("meshctl-config", "meshctl-identity-trust-roots");
    assertThat(names(Secret.class))
        .containsExactlyInAnyOrder(
            "meshctl-identity-issuer", "meshctl-controller-tap-tls", "meshctl-injector-tls");
    assertThat(names(MutatingWebhookConfiguration.class)).containsExactly("meshctl-proxy-injector");
    assertThat(names(Namespace.class)).containsExactly(NAMESPACE);
    assertThat(rendered.all(PodDisruptionBudget.class)).as("one replica each: no PDB").isEmpty();
  }

  @Test
  void everyObjectIsLabelledForTheMesh() {
    for (HasMetadata object : rendered.objects()) {
      assertThat(object.getMetadata().getLabels())
          .as("%s %s", object.getKind(), object.getMetadata().getName())
          .containsEntry("app.kubernetes.io/part-of", "meshctl")
          .containsEntry("meshctl.dev/control-plane-ns", NAMESPACE);
      if (!(object instanceof Namespace) && object.getMetadata().getNamespace() == null) {
        assertThat(object)
            .as("cluster-scoped %s", object.getMetadata().getName())
            .isInstanceOfAny(
                ClusterRole.class, ClusterRoleBinding.class, MutatingWebhookConfiguration.class);
      }
    }
    for (String component : COMPONENTS) {
      Deployment deployment = rendered.get(Deployment.class, "meshctl-" + component);
      assertThat(deployment.getMetadata().getLabels())
          .containsEntry("meshctl.dev/control-plane-component", component);
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("meshctl.dev/control-plane-component", component)
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void namespace_carriesTheLabelAndTheInjectOptOut() {
    Namespace namespace = rendered.get(Namespace.class, NAMESPACE);

    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("meshctl.dev/control-plane-ns", NAMESPACE);
    assertThat(namespace.getMetadata().getAnnotations())
        .containsEntry("meshctl.dev/inject", "disabled");
  }

  @Test
  void injectionConfig_isAcceptedByTheInjectorsOwnParser() {
    String text = rendered.get(ConfigMap.class, "meshctl-config").getData().get("config.yaml");

    InjectionConfig config = InjectionConfig.parse(text);

    assertThat(config.version()).isEqualTo(Charts.appVersion());
    assertThat(config.controlPlaneNamespace()).isEqualTo(NAMESPACE);
    assertThat(config.trustAnchorsPEM()).isEqualTo(pems.trustAnchors());
    assertThat(config.proxy().image()).isEqualTo("ghcr.io/meshctl/mesh-proxy:0.1.0");
    assertThat(config.proxy().uid()).isEqualTo(2102);
    assertThat(config.proxy().nativeSidecar()).isEqualTo(NativeSidecarMode.AUTO);
    assertThat(config.destinationAddress())
        .isEqualTo("meshctl-destination." + NAMESPACE + ".svc.cluster.local:8086");
    assertThat(config.identityAddress())
        .isEqualTo("meshctl-identity." + NAMESPACE + ".svc.cluster.local:8080");
    assertThat(names(Service.class))
        .as("the Services the proxies are sent to exist")
        .contains("meshctl-destination", "meshctl-identity");
  }

  @Test
  void injectionConfig_isTheContractsYaml() {
    String text = rendered.get(ConfigMap.class, "meshctl-config").getData().get("config.yaml");
    Map<String, Object> config = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);

    assertThat(config)
        .containsEntry("version", "0.1.0")
        .containsEntry("controlPlaneNamespace", NAMESPACE)
        .containsEntry("clusterDomain", "cluster.local")
        .containsEntry("trustDomain", "cluster.local")
        .containsEntry("tokenAudience", "identity.meshctl.dev")
        .containsEntry("trustAnchorsPEM", pems.trustAnchors());
    assertThat(config.get("proxy"))
        .isEqualTo(
            Map.ofEntries(
                Map.entry("image", "ghcr.io/meshctl/mesh-proxy:0.1.0"),
                Map.entry("imagePullPolicy", "IfNotPresent"),
                Map.entry("uid", 2102),
                Map.entry("logLevel", "info"),
                Map.entry("opaquePorts", ""),
                Map.entry("cpuRequest", "100m"),
                Map.entry("memoryRequest", "32Mi"),
                Map.entry("cpuLimit", ""),
                Map.entry("memoryLimit", "128Mi"),
                Map.entry("nativeSidecar", "auto")));
  }

  @Test
  void trustRoots_andSecrets_holdThePemsGiven() {
    assertThat(
            rendered
                .get(ConfigMap.class, "meshctl-identity-trust-roots")
                .getData()
                .get("ca-bundle.crt"))
        .isEqualTo(pems.trustAnchors());
    assertTls("meshctl-identity-issuer", pems.issuerCrt(), pems.issuerKey());
    assertTls("meshctl-controller-tap-tls", pems.tapCrt(), pems.tapKey());
    assertTls("meshctl-injector-tls", pems.injectorCrt(), pems.injectorKey());
  }

  private void assertTls(String name, String crt, String key) {
    Secret secret = rendered.get(Secret.class, name);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(decode(secret.getData().get("tls.crt"))).as(name).isEqualTo(crt);
    assertThat(decode(secret.getData().get("tls.key"))).as(name).isEqualTo(key);
  }

  @Test
  void images_areTheRegistryAndTheAppVersion() {
    String tag = Charts.appVersion();
    assertThat(container(rendered.get(Deployment.class, "meshctl-controller")).getImage())
        .isEqualTo("ghcr.io/meshctl/mesh-controller-app:" + tag);
    assertThat(container(rendered.get(Deployment.class, "meshctl-identity")).getImage())
        .isEqualTo("ghcr.io/meshctl/mesh-identity-app:" + tag);
    assertThat(container(rendered.get(Deployment.class, "meshctl-injector")).getImage())
        .isEqualTo("ghcr.io/meshctl/mesh-injector-app:" + tag);
    assertThat(container(rendered.get(Deployment.class, "meshctl-web")).getImage())
        .isEqualTo("ghcr.io/meshctl/mesh-web-app:" + tag);
  }

  @Test
  void everyDeployment_probesTheActuatorOnOneOfItsContainerPorts() {
    Map<String, Integer> actuatorPorts =
        Map.of("controller", 9996, "identity", 9990, "injector", 9995, "web", 9994);
    for (String component : COMPONENTS) {
      Container container = container(rendered.get(Deployment.class, "meshctl-" + component));
      for (Probe probe :
          List.of(
              container.getLivenessProbe(),
              container.getReadinessProbe(),
              container.getStartupProbe())) {
        assertThat(containerPort(container, probe.getHttpGet().getPort()))
            .as("%s probe port", component)
            .isEqualTo(actuatorPorts.get(component));
      }
      assertThat(container.getLivenessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      assertThat(container.getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/readiness");
      assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    }
  }

  @Test
  void everyPod_runsRestricted_withAWritableTmp() {
    for (String component : COMPONENTS) {
      PodSpec pod =
          rendered.get(Deployment.class, "meshctl-" + component).getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      Container container = pod.getContainers().get(0);
      var context = container.getSecurityContext();
      assertThat(context.getRunAsNonRoot()).isTrue();
      assertThat(context.getRunAsUser()).isNotZero();
      assertThat(context.getReadOnlyRootFilesystem()).isTrue();
      assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(container.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(volume(pod, "tmp").getEmptyDir()).isNotNull();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(2103L);
    }
  }

  @Test
  void everyServiceAccountReferenced_exists_andHasWhatItNeeds() {
    Set<String> accounts = Set.copyOf(names(ServiceAccount.class));
    for (Deployment deployment : rendered.all(Deployment.class)) {
      assertThat(accounts)
          .contains(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
    }
    for (ClusterRoleBinding binding : rendered.all(ClusterRoleBinding.class)) {
      assertThat(names(ClusterRole.class)).contains(binding.getRoleRef().getName());
      binding
          .getSubjects()
          .forEach(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
                assertThat(accounts).contains(s.getName());
              });
    }
    assertThat(rendered.get(ServiceAccount.class, "meshctl-web").getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void rbac_isLeastPrivilege() {
    assertThat(rules("meshctl-controller"))
        .containsExactlyInAnyOrder(
            "/services:get,list,watch",
            "/pods:get,list,watch",
            "discovery.k8s.io/endpointslices:get,list,watch",
            "meshctl.dev/serviceprofiles:get,list,watch",
            "gateway.networking.k8s.io/httproutes:get,list,watch");
    assertThat(rules("meshctl-identity"))
        .containsExactly("authentication.k8s.io/tokenreviews:create");
    assertThat(rules("meshctl-injector")).containsExactly("/namespaces:get,list,watch");
    assertThat(rendered.all(ClusterRoleBinding.class))
        .noneMatch(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals("meshctl-web")));
  }

  /** The rules of the ClusterRole bound to a ServiceAccount, as "group/resource:verbs". */
  private List<String> rules(String serviceAccount) {
    return rendered.all(ClusterRoleBinding.class).stream()
        .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(serviceAccount)))
        .map(b -> rendered.get(ClusterRole.class, b.getRoleRef().getName()))
        .flatMap(role -> role.getRules().stream())
        .flatMap(ControlPlaneDefaultRenderTest::flatten)
        .toList();
  }

  private static Stream<String> flatten(PolicyRule rule) {
    return rule.getApiGroups().stream()
        .flatMap(
            group ->
                rule.getResources().stream()
                    .map(r -> group + "/" + r + ":" + String.join(",", rule.getVerbs())));
  }

  @Test
  void web_namesTheControllerApiServiceAndItsPort() {
    Deployment web = rendered.get(Deployment.class, "meshctl-web");

    URI api = URI.create(env(web, "MESH_WEB_CONTROLLER_API"));
    assertThat(api.getScheme()).isEqualTo("http");
    assertThat(api.getHost()).isEqualTo("meshctl-api." + NAMESPACE + ".svc.cluster.local");
    assertServedBy(api, "controller", 8085);

    URI controllerAdmin = URI.create(env(web, "MESH_WEB_CONTROLLER_ADMIN"));
    assertServedBy(controllerAdmin, "controller", 9996);
    URI identityAdmin = URI.create(env(web, "MESH_WEB_IDENTITY_ADMIN"));
    assertServedBy(identityAdmin, "identity", 9990);
  }

  /** The URL's host is a rendered Service whose port leads to that container port. */
  private void assertServedBy(URI url, String component, int containerPort) {
    String serviceName = url.getHost().substring(0, url.getHost().indexOf('.'));
    Service service = rendered.get(Service.class, serviceName);
    ServicePort port =
        service.getSpec().getPorts().stream()
            .filter(p -> p.getPort() == url.getPort())
            .findFirst()
            .orElseThrow(() -> new AssertionError(serviceName + " has no port " + url.getPort()));
    assertThat(service.getSpec().getSelector())
        .containsEntry("meshctl.dev/control-plane-component", component);
    Container container = container(rendered.get(Deployment.class, "meshctl-" + component));
    assertThat(containerPort(container, port.getTargetPort())).isEqualTo(containerPort);
  }

  @Test
  void services_leadToTheirComponentsPorts() {
    Map<String, int[]> expected =
        Map.of(
            "meshctl-destination", new int[] {8086, 8086},
            "meshctl-api", new int[] {8085, 8085},
            "meshctl-identity", new int[] {8080, 8080},
            "meshctl-injector", new int[] {443, 8443},
            "meshctl-web", new int[] {8084, 8084});
    expected.forEach(
        (name, ports) -> {
          Service service = rendered.get(Service.class, name);
          String component =
              service.getSpec().getSelector().get("meshctl.dev/control-plane-component");
          Container container = container(rendered.get(Deployment.class, "meshctl-" + component));
          ServicePort port = service.getSpec().getPorts().get(0);
          assertThat(port.getPort()).as(name).isEqualTo(ports[0]);
          assertThat(containerPort(container, port.getTargetPort())).as(name).isEqualTo(ports[1]);
        });
  }

  @Test
  void webhook_isTheContractsAndItsServiceExistsOnPort443() {
    MutatingWebhookConfiguration configuration =
        rendered.get(MutatingWebhookConfiguration.class, "meshctl-proxy-injector");
    assertThat(configuration.getWebhooks()).hasSize(1);
    MutatingWebhook webhook = configuration.getWebhooks().get(0);

    assertThat(webhook.getName()).isEqualTo("proxy-injector.meshctl.dev");
    var target = webhook.getClientConfig().getService();
    assertThat(target.getName()).isEqualTo("meshctl-injector");
    assertThat(target.getNamespace()).isEqualTo(NAMESPACE);
    assertThat(target.getPath()).isEqualTo("/inject");
    assertThat(target.getPort()).isEqualTo(443);
    Service service = rendered.get(Service.class, target.getName());
    assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getPort() == 443);
    assertThat(decode(webhook.getClientConfig().getCaBundle())).isEqualTo(pems.injectorCa());
    assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getOperations()).containsExactly("CREATE");
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getResources()).containsExactly("pods");
            });
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(e.getOperator()).isEqualTo("NotIn");
              assertThat(e.getValues()).containsExactlyInAnyOrder("kube-system", NAMESPACE);
            });
  }

  @Test
  void controller_discoversFromKubernetes_andTapsWithItsSecret() {
    Deployment controller = rendered.get(Deployment.class, "meshctl-controller");

    assertThat(env(controller, "MESH_DISCOVERY_SOURCE")).isEqualTo("kubernetes");
    assertThat(env(controller, "MESH_DISCOVERY_KUBERNETES_HTTP_ROUTES")).isEqualTo("true");
    assertThat(env(controller, "MESH_CONTROLLER_CONTROL_PLANE_NAMESPACE")).isEqualTo(NAMESPACE);
    assertThat(env(controller, "MESH_CONTROLLER_TRUST_DOMAIN")).isEqualTo("cluster.local");
    assertMountedFile(
        controller,
        env(controller, "MESH_TAP_TLS_CERT_FILE"),
        "meshctl-controller-tap-tls",
        "tls.crt");
    assertMountedFile(
        controller,
        env(controller, "MESH_TAP_TLS_KEY_FILE"),
        "meshctl-controller-tap-tls",
        "tls.key");
    assertMountedFile(
        controller,
        env(controller, "MESH_TAP_TLS_TRUST_ANCHORS_FILE"),
        "meshctl-identity-trust-roots",
        "ca-bundle.crt");
  }

  @Test
  void identity_checksKubernetesTokens_withTheIssuerSecret() {
    Deployment identity = rendered.get(Deployment.class, "meshctl-identity");

    assertThat(env(identity, "MESH_IDENTITY_TOKEN_MODE")).isEqualTo("kubernetes");
    assertThat(env(identity, "MESH_IDENTITY_TLS_ENABLED"))
        .as("tokens cross the network over TLS only")
        .isEqualTo("true");
    assertThat(env(identity, "MESH_IDENTITY_TOKEN_AUDIENCE")).isEqualTo("identity.meshctl.dev");
    assertThat(env(identity, "MESH_IDENTITY_TRUST_DOMAIN")).isEqualTo("cluster.local");
    assertThat(env(identity, "MESH_IDENTITY_CONTROL_PLANE_NAMESPACE")).isEqualTo(NAMESPACE);
    assertMountedFile(
        identity,
        env(identity, "MESH_IDENTITY_ISSUER_CERTIFICATE_FILE"),
        "meshctl-identity-issuer",
        "tls.crt");
    assertMountedFile(
        identity,
        env(identity, "MESH_IDENTITY_ISSUER_KEY_FILE"),
        "meshctl-identity-issuer",
        "tls.key");
    assertMountedFile(
        identity,
        env(identity, "MESH_IDENTITY_TRUST_ANCHORS_FILE"),
        "meshctl-identity-trust-roots",
        "ca-bundle.crt");
  }

  @Test
  void injector_readsItsConfigAndTlsWhereTheAppLooksByDefault() {
    Deployment injector = rendered.get(Deployment.class, "meshctl-injector");

    assertThat(env(injector, "MESH_INJECTOR_CONFIG_FILE"))
        .isEqualTo("/var/run/meshctl/config/config.yaml");
    assertThat(env(injector, "MESH_INJECTOR_TLS_CERT_FILE"))
        .isEqualTo("/var/run/meshctl/tls/tls.crt");
    assertThat(env(injector, "MESH_INJECTOR_TLS_KEY_FILE"))
        .isEqualTo("/var/run/meshctl/tls/tls.key");
    assertMountedFile(
        injector, "/var/run/meshctl/config/config.yaml", "meshctl-config", "config.yaml");
    assertMountedFile(injector, "/var/run/meshctl/tls/tls.crt", "meshctl-injector-tls", "tls.crt");
    assertMountedFile(injector, "/var/run/meshctl/tls/tls.key", "meshctl-injector-tls", "tls.key");
  }

  @Test
  void pods_carryChecksumsOfWhatTheyMount() {
    assertThat(annotations("meshctl-controller"))
        .containsKeys("checksum/tap-tls", "checksum/trust-roots");
    assertThat(annotations("meshctl-identity"))
        .containsKeys("checksum/issuer", "checksum/trust-roots");
    assertThat(annotations("meshctl-injector")).containsKeys("checksum/config", "checksum/tls");
    for (String component : COMPONENTS) {
      assertThat(annotations("meshctl-" + component))
          .containsEntry("meshctl.dev/inject", "disabled");
    }
  }

  private Map<String, String> annotations(String deployment) {
    return rendered
        .get(Deployment.class, deployment)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations();
  }

  /**
   * {@code path} is a file mounted from key {@code key} of the Secret or ConfigMap {@code source}.
   */
  private static void assertMountedFile(
      Deployment deployment, String path, String source, String key) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    VolumeMount mount =
        container(deployment).getVolumeMounts().stream()
            .filter(m -> path.equals(m.getMountPath() + "/" + key))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        path + " is not mounted in " + deployment.getMetadata().getName()));
    assertThat(mount.getReadOnly()).isTrue();
    Volume volume = volume(pod, mount.getName());
    String name =
        volume.getSecret() != null
            ? volume.getSecret().getSecretName()
            : volume.getConfigMap().getName();
    assertThat(name).as(path).isEqualTo(source);
    if (volume.getSecret() != null) {
      assertThat(volume.getSecret().getDefaultMode()).as("%s: 0440", path).isEqualTo(0440);
    }
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static int containerPort(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      assertThat(container.getPorts())
          .extracting(ContainerPort::getContainerPort)
          .contains(port.getIntVal());
      return port.getIntVal();
    }
    return container.getPorts().stream()
        .filter(p -> Objects.equals(p.getName(), port.getStrVal()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
  }

  private <T extends HasMetadata> List<String> names(Class<T> type) {
    return rendered.all(type).stream().map(o -> o.getMetadata().getName()).toList();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
