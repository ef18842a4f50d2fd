package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a local mesh, the observability commands go to the kubeconfig's cluster. The forward
 * itself needs a real API server (K3sInstallIT runs {@code meshctl stat} through it); here: that
 * the cluster is the one asked, and what a missing control plane says.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesApiForwardTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path root;

  @AfterEach
  void forgetTheKubeconfig() {
    System.clearProperty("kubeconfig");
  }

  @Test
  void withoutLocalMesh_theKubeconfigsClusterIsAsked_andAMissingControlPlaneIsNamed()
      throws Exception {
    Path kubeconfig = new ClusterFixture(server, client).kubeconfig(root);
    // fabric8 reads the kubeconfig's path from this property before $KUBECONFIG.
    System.setProperty("kubeconfig", kubeconfig.toString());
    MeshHome home = new MeshHome(root.resolve("home"));

    assertThatThrownBy(() -> ControllerAddressOption.resolve(null, null, home))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith(
            "cannot reach the controller through the Kubernetes API at "
                + client.getConfiguration().getMasterUrl())
        .hasMessageContaining("a port-forward to service meshctl-api in meshctl-system")
        .hasMessageContaining("is meshctl installed (meshctl check)?");
  }

  @Test
  void dashboard_withoutLocalMesh_forwardsToTheClustersWebService() throws Exception {
    Path kubeconfig = new ClusterFixture(server, client).kubeconfig(root);
    System.setProperty("kubeconfig", kubeconfig.toString());

    CommandRun run =
        CommandRun.of(
            "dashboard", "--show", "url", "--meshctl-home", root.resolve("home").toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err)
        .startsWith("Error: cannot reach the dashboard through the Kubernetes API at ")
        .contains("a port-forward to service meshctl-web in meshctl-system")
        .doesNotContain("\tat ");
  }

  @Test
  void aRunningLocalMesh_winsOverTheCluster() throws Exception {
    Path kubeconfig = new ClusterFixture(server, client).kubeconfig(root);
    System.setProperty("kubeconfig", kubeconfig.toString());
    MeshHome home = new MeshHome(root.resolve("home"));
    Files.createDirectories(home.local());
    Files.writeString(home.localMeshFile(), "{\"controllerApi\": \"http://127.0.0.1:18085\"}");

    assertThat(ControllerAddressOption.resolve(null, null, home))
        .hasToString("http://127.0.0.1:18085");
  }
}
