package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubernetesCheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path home;

  private ClusterFixture cluster;

  @BeforeEach
  void setUp() {
    cluster = new ClusterFixture(server, client);
  }

  @Test
  void healthyInstall_passesEveryCheck() throws Exception {
    cluster.install();

    CommandRun run = check();

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .startsWith("kubernetes-api\n--------------\n√ can query the Kubernetes API\n")
        .contains("meshctl-crds\n------------\n√ the CustomResourceDefinition")
        .contains("√ deployment meshctl-controller has all its replicas ready")
        .contains("√ the webhook's caBundle has signed the injector's certificate")
        .contains("√ the injector's serving certificate (Secret meshctl-injector-tls)")
        .contains("√ the injector adds the proxy to a pod (a dry run in default)")
        .contains("√ the issuer certificate is signed by a trust anchor")
        .contains("√ the controller's tap certificate (Secret meshctl-controller-tap-tls)")
        .contains("√ every proxy runs version " + BuildInfo.proxyVersion())
        .doesNotContain("×")
        .doesNotContain("‼")
        .endsWith("Status check results are √\n");
  }

  @Test
  void byDefault_withoutLocalMesh_checksTheClusterOfTheKubeconfig() throws Exception {
    cluster.install();

    CommandRun run =
        CommandRun.of(
            "check",
            "--kubeconfig",
            cluster.kubeconfig(home).toString(),
            "--meshctl-home",
            home.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).startsWith("kubernetes-api");
  }

  @Test
  void missingDeployment_andUnreadyReplicas_fail() throws Exception {
    cluster.install();
    cluster.deleteDeployment("meshctl-web");
    cluster.deployment("meshctl-identity", 2, 1);

    CommandRun run = check();

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .contains(
            "× deployment meshctl-web has all its replicas ready\n"
                + "    it does not exist: apply the output of meshctl install again\n")
        .contains(
            "× deployment meshctl-identity has all its replicas ready\n"
                + "    1 of 2 replicas ready, 1 available: see kubectl -n meshctl-system describe"
                + " deployment/meshctl-identity")
        .contains("√ deployment meshctl-controller has all its replicas ready")
        .contains("Status check results are ×: 2 of ");
  }

  @Test
  void issuerExpiringIn30Days_fails() throws Exception {
    cluster.install(ClusterFixture.secretsWithIssuerLifetime(Duration.ofDays(30)));

    CommandRun run = check();

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .contains(
            "× the issuer certificate (Secret meshctl-identity-issuer) is valid for at least 60"
                + " days\n    CN=identity.meshctl-system.cluster.local expires at ")
        .contains("within 60 days: rotate it before then")
        .contains("√ the trust anchors (ConfigMap meshctl-identity-trust-roots)")
        .contains("√ the issuer certificate is signed by a trust anchor");
  }

  @Test
  void issuerOfAnotherCa_isNotSignedByTheAnchors() throws Exception {
    InstallSecrets installed = cluster.install();
    InstallSecrets other = ClusterFixture.secretsWithIssuerLifetime(Duration.ofDays(365));
    client
        .configMaps()
        .inNamespace(ClusterFixture.NS)
        .withName(ClusterNames.TRUST_ROOTS_CONFIG_MAP)
        .edit(
            m -> {
              m.getData().put(ClusterNames.TRUST_ROOTS_KEY, other.trustAnchorsPem());
              return m;
            });

    CommandRun run = check();

    assertThat(installed.trustAnchorsPem()).isNotEqualTo(other.trustAnchorsPem());
    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).contains("× the issuer certificate is signed by a trust anchor\n");
  }

  @Test
  void missingServiceProfileCrd_fails_missingHttpRouteCrd_warns() throws Exception {
    cluster.install();
    cluster.deleteCrd(ClusterNames.SERVICE_PROFILE_CRD);
    cluster.deleteCrd(ClusterNames.HTTP_ROUTE_CRD);

    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .contains(
            "× the CustomResourceDefinition serviceprofiles.meshctl.dev exists\n"
                + "    install the CRDs: meshctl install --crds | kubectl apply -f -\n")
        .contains("‼ the CustomResourceDefinition httproutes.gateway.networking.k8s.io exists\n")
        .contains("Status check results are ×: 1 of ")
        .contains("checks failed (1 warning)");
  }

  @Test
  void oldProxyVersion_andUnmeshedPod_warnButPass() throws Exception {
    cluster.install();
    cluster.pod("demo", "books-1", "0.0.9");
    cluster.pod("demo", "authors-1", null);
    cluster.pod("default", "outside-1", null);

    CommandRun run = check();

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains(
            "‼ every proxy runs version "
                + BuildInfo.proxyVersion()
                + "\n    proxies of another version: demo/books-1 (0.0.9); restart their workloads")
        .contains(
            "‼ every pod in a namespace with injection enabled has a proxy\n"
                + "    pods without a proxy: demo/authors-1;")
        .doesNotContain("outside-1")
        .endsWith("Status check results are √ (2 warnings)\n");
  }

  @Test
  void kubernetesOlderThan129_isAWarning() throws Exception {
    cluster.install();
    cluster.kubernetesVersion("1", "28+");

    CommandRun run = check();

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains(
            "‼ is running Kubernetes 1.29 or newer\n    the cluster runs Kubernetes 1.28+, without"
                + " native sidecar containers: proxies will run in the classic sidecar mode");
  }

  @Test
  void nothingInstalled_failsOnTheNamespace() throws Exception {
    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .contains(
            "× the control plane namespace meshctl-system exists\n    meshctl is not installed");
  }

  @Test
  void unreachableApi_isOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path kubeconfig = ClusterFixture.kubeconfig(home, "https://127.0.0.1:" + port);

    CommandRun run = CommandRun.of("check", "--kubernetes", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .startsWith(
            "kubernetes-api\n--------------\n× can query the Kubernetes API\n    cannot reach"
                + " https://127.0.0.1:"
                + port)
        .doesNotContain("Exception")
        .endsWith("Status check results are ×: 1 of 1 checks failed\n");
    assertThat(run.err).isEmpty();
  }

  @Test
  void pre_onAnEmptyCluster_withTheRights_passes() throws Exception {
    allowAccessReviews(true);

    CommandRun run = check("--pre");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("pre-kubernetes-setup\n--------------------\n")
        .contains("√ the control plane namespace meshctl-system does not exist yet")
        .contains("√ can create namespaces")
        .contains("√ can create clusterroles")
        .contains("√ can create mutatingwebhookconfigurations")
        .contains("√ can create customresourcedefinitions");
  }

  @Test
  void pre_withoutRights_orWithAnInstall_fails() throws Exception {
    allowAccessReviews(false);
    cluster.install();

    CommandRun run = check("--pre");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out)
        .contains("× the control plane namespace meshctl-system does not exist yet\n    it exists")
        .contains(
            "× can create customresourcedefinitions\n    this user may not create"
                + " customresourcedefinitions (no RBAC policy matched)");
  }

  @Test
  void json_hasSectionResultAndHint() throws Exception {
    cluster.install();
    cluster.deleteDeployment("meshctl-web");

    CommandRun run = check("-o", "json");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    JsonNode report = JSON.readTree(run.out);
    assertThat(report.get("success").asBoolean()).isFalse();
    JsonNode first = report.get("checks").get(0);
    assertThat(first.get("section").asText()).isEqualTo("kubernetes-api");
    assertThat(first.get("result").asText()).isEqualTo("passed");
    assertThat(first.has("hint")).isFalse();
    JsonNode failed = null;
    for (JsonNode check : report.get("checks")) {
      if (check.get("result").asText().equals("failed")) {
        failed = check;
      }
    }
    assertThat(failed.get("name").asText()).contains("meshctl-web");
    assertThat(failed.get("hint").asText()).contains("does not exist");
  }

  @Test
  void localAndKubernetes_isAUsageError() {
    CommandRun run = CommandRun.of("check", "--local", "--pre");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
  }

  private void allowAccessReviews(boolean allowed) {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(
            201,
            new SelfSubjectAccessReviewBuilder()
                .withNewStatus()
                .withAllowed(allowed)
                .withReason(allowed ? null : "no RBAC policy matched")
                .endStatus()
                .build())
        .always();
  }

  private CommandRun check(String... args) throws Exception {
    String[] line = new String[args.length + 4];
    line[0] = "check";
    line[1] = "--kubernetes";
    System.arraycopy(args, 0, line, 2, args.length);
    line[args.length + 2] = "--kubeconfig";
    line[args.length + 3] = cluster.kubeconfig(home).toString();
    return CommandRun.of(line);
  }
}
