package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class UninstallCommandTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path folder;

  private ClusterFixture cluster;
  private Path kubeconfig;

  @BeforeEach
  void setUp() throws Exception {
    cluster = new ClusterFixture(server, client);
    kubeconfig = cluster.kubeconfig(folder);
  }

  @Test
  void printsTheLabelledClusterObjects_webhookFirst_withoutCrds() throws Exception {
    cluster.install();

    CommandRun run = CommandRun.of("uninstall", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(kindsAndNames(run.out))
        .containsExactly(
            "MutatingWebhookConfiguration/meshctl-proxy-injector",
            "Namespace/meshctl-system",
            "ClusterRoleBinding/meshctl-controller",
            "ClusterRole/meshctl-controller");
    assertThat(run.out)
        .startsWith(
            "---\napiVersion: admissionregistration.k8s.io/v1\n"
                + "kind: MutatingWebhookConfiguration\nmetadata:\n  name: meshctl-proxy-injector\n");
    assertThat(run.err).contains("4 objects to delete; next: kubectl delete -f -");
  }

  @Test
  void withCrds_alsoTheCrds() throws Exception {
    cluster.install();

    CommandRun run = CommandRun.of("uninstall", "--crds", "--kubeconfig", kubeconfig.toString());

    assertThat(kindsAndNames(run.out))
        .contains(
            "CustomResourceDefinition/serviceprofiles.meshctl.dev",
            "CustomResourceDefinition/httproutes.gateway.networking.k8s.io")
        .hasSize(6);
  }

  @Test
  void nothingInstalled_failsClearly() {
    CommandRun run = CommandRun.of("uninstall", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).contains("meshctl is not installed");
  }

  private static List<String> kindsAndNames(String yaml) throws Exception {
    return new Manifests(yaml)
        .documents.stream()
            .map(
                (JsonNode d) ->
                    d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
            .toList();
  }
}
