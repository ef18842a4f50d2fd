package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.charts.Charts;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class UpgradeCommandTest {

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
  void rendersTheControlPlane_withTheInstalledKeyMaterial() throws Exception {
    InstallSecrets installed = cluster.install();

    CommandRun run = CommandRun.of("upgrade", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    Manifests manifests = new Manifests(run.out);
    assertThat(manifests.trustAnchorsPem()).isEqualTo(installed.trustAnchorsPem());
    assertThat(manifests.webhookCaBundlePem()).isEqualTo(installed.injector().caPem());
    assertThat(run.out)
        .isEqualTo(
            Charts.render(
                Charts.CONTROL_PLANE,
                ClusterNames.RELEASE,
                ClusterNames.NAMESPACE,
                ControlPlaneRenderer.values(installed, Map.of())));
    assertThat(run.err).contains("next: meshctl check");
  }

  @Test
  void keepsTheInstalledTrustDomain_andTakesTheChartOptions() throws Exception {
    InstallSecrets installed =
        cluster.install(
            InstallSecrets.generate(
                java.time.Clock.systemUTC(), ClusterNames.NAMESPACE, "example.org"));
    client
        .configMaps()
        .inNamespace(ClusterNames.NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ClusterNames.CONFIG_MAP)
                .endMetadata()
                .addToData(
                    ClusterNames.CONFIG_KEY,
                    "trustDomain: example.org\ntrustAnchorsPEM: |\n"
                        + installed.trustAnchorsPem().indent(2))
                .build())
        .create();

    CommandRun run =
        CommandRun.of("upgrade", "--kubeconfig", kubeconfig.toString(), "--ha", "-o", "values");

    assertThat(run.exitCode).as(run.toString()).isZero();
    var values = new Manifests(run.out).documents.get(0);
    assertThat(values.path("identityTrustDomain").asText()).isEqualTo("example.org");
    assertThat(values.path("identityTrustAnchorsPEM").asText())
        .isEqualTo(installed.trustAnchorsPem());
    assertThat(values.path("identity").path("issuer").path("tls").path("keyPEM").asText())
        .isEqualTo(installed.issuerKeyPem());
    assertThat(values.path("web").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void nothingInstalled_failsClearly() {
    CommandRun run = CommandRun.of("upgrade", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .isEqualTo(
            "Error: meshctl is not installed in namespace meshctl-system (no ConfigMap"
                + " meshctl-identity-trust-roots): install it with meshctl install | kubectl"
                + " apply -f -\n");
  }

  @Test
  void aMissingSecret_isNamed() {
    cluster.install();
    client.secrets().inNamespace(ClusterNames.NAMESPACE).withName(ClusterNames.TAP_SECRET).delete();

    CommandRun run = CommandRun.of("upgrade", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).contains("the Secret meshctl-controller-tap-tls is missing");
  }
}
