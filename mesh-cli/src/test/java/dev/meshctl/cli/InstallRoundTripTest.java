package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real charts' objects, as {@code meshctl install} renders them, created in the mock API
 * server: what check, upgrade and uninstall then read is what the chart made, not a fixture.
 */
@EnableKubernetesMockClient(crud = true)
class InstallRoundTripTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path folder;

  @Test
  void upgrade_keepsWhatInstallWasGiven_newOptionsWin_neverKeysAsOptions() throws Exception {
    ClusterFixture cluster = new ClusterFixture(server, client);
    String kubeconfig = cluster.kubeconfig(folder).toString();
    CommandRun controlPlane =
        CommandRun.of(
            "install",
            "--kubeconfig",
            kubeconfig,
            "--set",
            "controller.replicas=2,proxy.logLevel=debug",
            "--registry",
            "registry.example.com/mesh");
    assertThat(controlPlane.exitCode).as(controlPlane.toString()).isZero();
    apply(controlPlane.out);

    CommandRun upgrade = CommandRun.of("upgrade", "--kubeconfig", kubeconfig);
    CommandRun changed =
        CommandRun.of("upgrade", "--kubeconfig", kubeconfig, "--set", "proxy.logLevel=info");

    assertThat(upgrade.exitCode).as(upgrade.toString()).isZero();
    assertThat(upgrade.err)
        .contains("Keeping the options the control plane was installed with")
        .contains("controller.replicas=2")
        .contains("image.registry=registry.example.com/mesh")
        .contains("proxy.logLevel=debug");
    assertThat(upgrade.out)
        .contains("replicas: 2")
        .contains("image: registry.example.com/mesh/mesh-controller-app:0.1.0")
        .contains("logLevel: debug");
    assertThat(changed.out).contains("logLevel: info").doesNotContain("logLevel: debug");
    String kept =
        client
            .configMaps()
            .inNamespace(ClusterNames.NAMESPACE)
            .withName(ClusterNames.CONFIG_MAP)
            .get()
            .getData()
            .get("install-options.yaml");
    assertThat(kept).contains("replicas: 2").doesNotContain("PEM").doesNotContain("BEGIN");
  }

  @Test
  void installedCharts_passTheChecks_upgradeKeepsTheCa_uninstallFindsThem() throws Exception {
    ClusterFixture cluster = new ClusterFixture(server, client);
    String kubeconfig = cluster.kubeconfig(folder).toString();
    CommandRun crds = CommandRun.of("install", "--crds");
    CommandRun controlPlane = CommandRun.of("install", "--kubeconfig", kubeconfig);
    assertThat(controlPlane.exitCode).as(controlPlane.toString()).isZero();
    apply(crds.out);
    apply(controlPlane.out);
    for (String name : ClusterNames.DEPLOYMENTS) {
      Deployment deployment =
          client.apps().deployments().inNamespace(ClusterNames.NAMESPACE).withName(name).get();
      int replicas = deployment.getSpec().getReplicas();
      cluster.deployment(name, replicas, replicas);
    }

    cluster.webhookInjects();
    CommandRun check = CommandRun.of("check", "--kubeconfig", kubeconfig);
    CommandRun again = CommandRun.of("install", "--kubeconfig", kubeconfig);
    CommandRun upgrade = CommandRun.of("upgrade", "--kubeconfig", kubeconfig);
    CommandRun uninstall = CommandRun.of("uninstall", "--crds", "--kubeconfig", kubeconfig);

    assertThat(check.exitCode).as(check.toString()).isZero();
    assertThat(check.out).doesNotContain("×").doesNotContain("‼");
    assertThat(again.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(upgrade.exitCode).as(upgrade.toString()).isZero();
    assertThat(new Manifests(upgrade.out).trustAnchorsPem())
        .isEqualTo(new Manifests(controlPlane.out).trustAnchorsPem());
    assertThat(uninstall.exitCode).as(uninstall.toString()).isZero();
    assertThat(new Manifests(uninstall.out).documents)
        .extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
        .contains(
            "MutatingWebhookConfiguration/meshctl-proxy-injector",
            "Namespace/meshctl-system",
            "CustomResourceDefinition/serviceprofiles.meshctl.dev")
        .anyMatch(s -> s.startsWith("ClusterRole/"))
        .anyMatch(s -> s.startsWith("ClusterRoleBinding/"));
  }

  @Test
  void context_choosesTheKubeconfigsContext() throws Exception {
    ClusterFixture cluster = new ClusterFixture(server, client);
    cluster.install();
    Path kubeconfig = folder.resolve("two-contexts");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        - name: gone
          cluster: {server: "https://127.0.0.1:1"}
        contexts:
        - name: mock
          context: {cluster: mock, user: u}
        - name: gone
          context: {cluster: gone, user: u}
        current-context: gone
        users:
        - name: u
          user: {token: t}
        """
            .formatted(client.getConfiguration().getMasterUrl()));

    CommandRun current = CommandRun.of("check", "--kubeconfig", kubeconfig.toString());
    CommandRun chosen =
        CommandRun.of("check", "--kubeconfig", kubeconfig.toString(), "--context", "mock");

    assertThat(current.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(current.out).contains("cannot reach https://127.0.0.1:1");
    assertThat(chosen.exitCode).as(chosen.toString()).isZero();
  }

  private void apply(String yaml) {
    List<HasMetadata> items =
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata item : items) {
      client.resource(item).create();
    }
  }
}
