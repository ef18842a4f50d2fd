package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshctl check} on an install whose injector the API server cannot call. */
@EnableKubernetesMockClient(crud = true)
class KubernetesCheckWebhookTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path home;

  @Test
  void injectorNotAnsweringTheApiServer_failsWithWhereToLook() throws Exception {
    // The API server returns the dry-run pod as it was sent, as it does when it cannot call the
    // injector under failurePolicy Ignore.
    ClusterFixture cluster = new ClusterFixture(server, client).withoutInjectorAnswer();
    cluster.install();

    CommandRun run =
        CommandRun.of(
            "check",
            "--kubernetes",
            "--kubeconfig",
            cluster.kubeconfig(home).toString(),
            "--meshctl-home",
            home.toString());

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .contains("√ the webhook's caBundle has signed the injector's certificate")
        .contains("× the injector adds the proxy to a pod (a dry run in default)")
        .contains("it cannot reach the injector")
        .contains("kubectl -n meshctl-system logs deploy/meshctl-injector");
  }
}
