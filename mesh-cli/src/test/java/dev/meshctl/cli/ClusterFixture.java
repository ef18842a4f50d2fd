package dev.meshctl.cli;

import dev.meshctl.api.MeshAnnotations;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A control plane as {@code meshctl install} would leave it, written into a fabric8 mock API server
 * (CRUD mode) with certificates made for the test, and a kubeconfig that points meshctl at it.
 */
final class ClusterFixture {

  static final String NS = ClusterNames.NAMESPACE;
  static final Map<String, String> PART_OF =
      Map.of(ClusterNames.PART_OF_LABEL, ClusterNames.PART_OF);

  final KubernetesMockServer server;
  final KubernetesClient client;

  private boolean injectorAnswers = true;

  /** {@link #install} without {@link #webhookInjects}: an injector the API server cannot call. */
  ClusterFixture withoutInjectorAnswer() {
    injectorAnswers = false;
    return this;
  }

  ClusterFixture(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
    kubernetesVersion("1", "31");
  }

  void kubernetesVersion(String major, String minor) {
    server.setVersionInfo(new VersionInfo.Builder().withMajor(major).withMinor(minor).build());
  }

  /**
   * The API server calling a working injector: the dry-run pod {@code meshctl check} creates comes
   * back with the proxy, as the webhook would return it. (The mock server runs no webhooks; without
   * this the pod comes back as sent, which is what an unreachable injector looks like.)
   */
  void webhookInjects() {
    Pod injected =
        new PodBuilder()
            .withNewMetadata()
            .withName("meshctl-check-injection")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addNewInitContainer()
            .withName("mesh-init")
            .endInitContainer()
            .addNewInitContainer()
            .withName(ClusterNames.PROXY_CONTAINER)
            .withRestartPolicy("Always")
            .endInitContainer()
            .addNewContainer()
            .withName("probe")
            .endContainer()
            .endSpec()
            .build();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/default/pods?dryRun=All")
        .andReturn(201, injected)
        .always();
  }

  /** A kubeconfig in {@code folder} whose current context is the mock server. */
  Path kubeconfig(Path folder) throws Exception {
    return kubeconfig(folder, client.getConfiguration().getMasterUrl());
  }

  static Path kubeconfig(Path folder, String url) throws Exception {
    Path file = folder.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: mock
          context: {cluster: mock, user: mock, namespace: default}
        current-context: mock
        users:
        - name: mock
          user: {token: test-token}
        """
            .formatted(url));
    return file;
  }

  /** The CRDs, the control plane with {@code secrets}, and one meshed workload's pod. */
  InstallSecrets install(InstallSecrets secrets) {
    if (injectorAnswers) {
      webhookInjects();
    }
    crd(ClusterNames.SERVICE_PROFILE_CRD);
    crd(ClusterNames.HTTP_ROUTE_CRD);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .withLabels(PART_OF)
                .endMetadata()
                .build())
        .create();
    for (String name : ClusterNames.DEPLOYMENTS) {
      deployment(name, 1, 1);
    }
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ClusterNames.TRUST_ROOTS_CONFIG_MAP)
                .withLabels(PART_OF)
                .endMetadata()
                .addToData(ClusterNames.TRUST_ROOTS_KEY, secrets.trustAnchorsPem())
                .build())
        .create();
    tlsSecret(
        ClusterNames.ISSUER_SECRET, secrets.issuerCertificatePem(), secrets.issuerKeyPem(), null);
    tlsSecret(ClusterNames.TAP_SECRET, secrets.tapCertificatePem(), secrets.tapKeyPem(), null);
    tlsSecret(
        ClusterNames.INJECTOR_SECRET,
        secrets.injector().certificatePem(),
        secrets.injector().keyPem(),
        secrets.injector().caPem());
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName(ClusterNames.WEBHOOK_CONFIGURATION)
                .withLabels(PART_OF)
                .endMetadata()
                .addNewWebhook()
                .withName(ClusterNames.WEBHOOK)
                .withNewClientConfig()
                .withCaBundle(base64(secrets.injector().caPem()))
                .withNewService()
                .withName(ClusterNames.INJECTOR_SERVICE)
                .withNamespace(NS)
                .withPath("/inject")
                .endService()
                .endClientConfig()
                .withSideEffects("None")
                .withAdmissionReviewVersions("v1")
                .endWebhook()
                .build())
        .create();
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("meshctl-controller")
                .withLabels(PART_OF)
                .endMetadata()
                .build())
        .create();
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("meshctl-controller")
                .withLabels(PART_OF)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "meshctl-controller")
                .build())
        .create();
    client
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(ClusterNames.INJECTOR_SERVICE)
                .withLabels(PART_OF)
                .endMetadata()
                .build())
        .create();
    meshedNamespace("demo");
    pod("demo", "web-1", BuildInfo.proxyVersion());
    return secrets;
  }

  InstallSecrets install() {
    return install(InstallSecrets.generate(Clock.systemUTC(), NS, ClusterNames.TRUST_DOMAIN));
  }

  static InstallSecrets secretsWithIssuerLifetime(Duration issuerLifetime) {
    return InstallSecrets.generate(
        Clock.systemUTC(), NS, ClusterNames.TRUST_DOMAIN, Duration.ofDays(3650), issuerLifetime);
  }

  void crd(String name) {
    String[] parts = name.split("\\.", 2);
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(PART_OF)
                .endMetadata()
                .withNewSpec()
                .withGroup(parts[1])
                .withScope("Namespaced")
                .withNewNames()
                .withPlural(parts[0])
                .withKind(parts[0])
                .endNames()
                .endSpec()
                .build())
        .create();
  }

  void deleteCrd(String name) {
    client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
  }

  void deployment(String name, int replicas, int ready) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(PART_OF)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .endStatus()
            .build();
    client.apps().deployments().inNamespace(NS).resource(deployment).createOr(r -> r.update());
  }

  void deleteDeployment(String name) {
    client.apps().deployments().inNamespace(NS).withName(name).delete();
  }

  void meshedNamespace(String name) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(MeshAnnotations.INJECT, MeshAnnotations.ENABLED)
                .endMetadata()
                .build())
        .create();
  }

  /** A pod in {@code namespace}; with a proxy of {@code proxyVersion}, or none when null. */
  void pod(String namespace, String name, String proxyVersion) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("app:1")
            .endContainer()
            .endSpec();
    if (proxyVersion != null) {
      pod.editMetadata()
          .addToAnnotations(MeshAnnotations.PROXY_VERSION, proxyVersion)
          .endMetadata()
          .editSpec()
          .addNewInitContainer()
          .withName(ClusterNames.PROXY_CONTAINER)
          .withImage("ghcr.io/meshctl/mesh-proxy:" + proxyVersion)
          .withRestartPolicy("Always")
          .endInitContainer()
          .endSpec();
    }
    Pod built = pod.build();
    client.pods().inNamespace(namespace).resource(built).create();
  }

  private void tlsSecret(String name, String crt, String key, String ca) {
    SecretBuilder secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(PART_OF)
            .endMetadata()
            .withType("kubernetes.io/tls")
            .addToData(ClusterNames.TLS_CRT, base64(crt))
            .addToData(ClusterNames.TLS_KEY, base64(key));
    if (ca != null) {
      secret.addToData("ca.crt", base64(ca));
    }
    client.secrets().inNamespace(NS).resource(secret.build()).create();
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
