package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshctl.charts.Charts;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@EnableKubernetesMockClient(crud = true)
class InstallCommandTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path folder;

  private static final InstallSecrets FIXED =
      InstallSecrets.generate(Clock.systemUTC(), ClusterNames.NAMESPACE, ClusterNames.TRUST_DOMAIN);

  @Test
  void output_isTheChartRenderedWithTheGeneratedValues() throws Exception {
    CommandRun run = withFixedSecrets("install", "--ignore-cluster");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("identityTrustAnchorsPEM", FIXED.trustAnchorsPem());
    expected.put(
        "identity",
        Map.of(
            "issuer",
            Map.of(
                "tls",
                Map.of("crtPEM", FIXED.issuerCertificatePem(), "keyPEM", FIXED.issuerKeyPem()))));
    expected.put(
        "controller",
        Map.of(
            "tapClientTLS",
            Map.of("crtPEM", FIXED.tapCertificatePem(), "keyPEM", FIXED.tapKeyPem())));
    expected.put(
        "injector",
        Map.of(
            "tls",
            Map.of(
                "crtPEM", FIXED.injector().certificatePem(), "keyPEM", FIXED.injector().keyPem()),
            "caBundlePEM",
            FIXED.injector().caPem()));
    expected.put("installOptions", Map.of());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .isEqualTo(
            Charts.render(
                Charts.CONTROL_PLANE, ClusterNames.RELEASE, ClusterNames.NAMESPACE, expected));
    assertThat(run.err).contains("next: meshctl check");
  }

  @Test
  void output_parses_andItsPemsFormAValidChain() throws Exception {
    CommandRun run = CommandRun.of("install", "--ignore-cluster");

    assertThat(run.exitCode).as(run.toString()).isZero();
    Manifests manifests = new Manifests(run.out);
    assertThat(manifests.documents).allMatch(d -> d.has("kind") && d.has("apiVersion"));
    for (String deployment : ClusterNames.DEPLOYMENTS) {
      manifests.find("Deployment", deployment);
    }
    List<X509Certificate> anchors = PemCertificates.parse(manifests.trustAnchorsPem());
    X509Certificate issuer = manifests.secretCertificates(ClusterNames.ISSUER_SECRET).get(0);
    X509Certificate tap = manifests.secretCertificates(ClusterNames.TAP_SECRET).get(0);
    X509Certificate serving = manifests.secretCertificates(ClusterNames.INJECTOR_SECRET).get(0);
    X509Certificate injectorCa = PemCertificates.parse(manifests.webhookCaBundlePem()).get(0);
    assertThat(PemCertificates.signedBy(issuer, anchors.get(0))).isTrue();
    assertThat(PemCertificates.signedBy(tap, issuer)).isTrue();
    assertThat(tap.getSubjectAlternativeNames())
        .anyMatch(
            san ->
                san.get(1)
                    .equals(
                        "meshctl-controller.meshctl-system.serviceaccount.identity"
                            + ".meshctl-system.cluster.local"));
    assertThat(PemCertificates.signedBy(serving, injectorCa)).isTrue();
    assertThat(serving.getSubjectAlternativeNames())
        .anyMatch(san -> san.get(1).equals("meshctl-injector.meshctl-system.svc"));
    for (X509Certificate certificate : List.of(anchors.get(0), issuer, tap, serving, injectorCa)) {
      certificate.checkValidity();
    }
  }

  @Test
  void twoRuns_makeDifferentTrustAnchors() throws Exception {
    CommandRun first = CommandRun.of("install", "--ignore-cluster", "-o", "values");
    CommandRun second = CommandRun.of("install", "--ignore-cluster", "-o", "values");

    JsonNode a = new Manifests(first.out).documents.get(0);
    JsonNode b = new Manifests(second.out).documents.get(0);
    assertThat(a.path("identityTrustAnchorsPEM").asText()).contains("BEGIN CERTIFICATE");
    assertThat(a.path("identityTrustAnchorsPEM").asText())
        .isNotEqualTo(b.path("identityTrustAnchorsPEM").asText());
    assertThat(first.err).contains("keep them secret");
  }

  @Test
  void options_setTheChartValues() throws Exception {
    Path values = folder.resolve("values.yaml");
    Files.writeString(values, "web:\n  replicas: 5\nproxy:\n  logLevel: debug\n");

    CommandRun run =
        withFixedSecrets(
            "install",
            "--ignore-cluster",
            "--ha",
            "--registry",
            "registry.example.com/mesh",
            "--tag",
            "9.9.9",
            "-f",
            values.toString(),
            "--set",
            "controller.replicas=2,injector.failurePolicy=Ignore",
            "-o",
            "values");

    assertThat(run.exitCode).as(run.toString()).isZero();
    JsonNode rendered = new Manifests(run.out).documents.get(0);
    assertThat(rendered.path("controller").path("replicas").asInt()).isEqualTo(2);
    assertThat(rendered.path("identity").path("replicas").asInt()).isEqualTo(3);
    assertThat(rendered.path("web").path("replicas").asInt()).isEqualTo(5);
    assertThat(rendered.path("injector").path("failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(rendered.path("proxy").path("logLevel").asText()).isEqualTo("debug");
    assertThat(rendered.path("image").path("registry").asText())
        .isEqualTo("registry.example.com/mesh");
    assertThat(rendered.path("controller").path("tapClientTLS").path("crtPEM").asText())
        .isEqualTo(FIXED.tapCertificatePem());

    CommandRun manifests =
        withFixedSecrets(
            "install", "--ignore-cluster", "--ha", "--registry", "r.example/m", "--tag", "9.9.9");
    JsonNode web = new Manifests(manifests.out).find("Deployment", "meshctl-web");
    assertThat(web.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(web.toString()).contains("r.example/m/mesh-web-app:9.9.9");
  }

  @Test
  void badSet_isAUsageError() {
    CommandRun run = CommandRun.of("install", "--ignore-cluster", "--set", "controller.replicas");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("--set controller.replicas: expected key.path=value");
  }

  @Test
  void crds_isTheCrdsChart() throws Exception {
    CommandRun run = CommandRun.of("install", "--crds");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .isEqualTo(
            Charts.render(Charts.CRDS, ClusterNames.RELEASE, ClusterNames.NAMESPACE, Map.of()));
    assertThat(run.out).contains("serviceprofiles.meshctl.dev");
  }

  @Test
  void crds_leaveOutAnHttpRouteCrdInstalledByAnotherParty_keepMeshctlsOwn() throws Exception {
    ClusterFixture cluster = new ClusterFixture(server, client);
    Path kubeconfig = cluster.kubeconfig(folder);

    CommandRun emptyCluster =
        CommandRun.of("install", "--crds", "--kubeconfig", kubeconfig.toString());
    cluster.crd(ClusterNames.HTTP_ROUTE_CRD);
    CommandRun ours = CommandRun.of("install", "--crds", "--kubeconfig", kubeconfig.toString());
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(ClusterNames.HTTP_ROUTE_CRD)
        .edit(
            crd ->
                new CustomResourceDefinitionBuilder(crd)
                    .editMetadata()
                    .withLabels(Map.of())
                    .addToAnnotations("gateway.networking.k8s.io/bundle-version", "v1.3.0")
                    .endMetadata()
                    .build());
    CommandRun foreign = CommandRun.of("install", "--crds", "--kubeconfig", kubeconfig.toString());

    assertThat(emptyCluster.out).contains("name: httproutes.gateway.networking.k8s.io");
    assertThat(ours.out).contains("name: httproutes.gateway.networking.k8s.io");
    assertThat(foreign.exitCode).as(foreign.toString()).isZero();
    assertThat(foreign.out)
        .contains("serviceprofiles.meshctl.dev")
        .doesNotContain("httproutes.gateway.networking.k8s.io");
    assertThat(foreign.err).contains("HTTPRoute CRD already (Gateway API v1.3.0): leaving it out");
  }

  @Test
  void anExistingInstall_stopsIt_anEmptyClusterDoesNot() throws Exception {
    Path kubeconfig = new ClusterFixture(server, client).kubeconfig(folder);

    CommandRun empty = withFixedSecrets("install", "--kubeconfig", kubeconfig.toString());
    new ClusterFixture(server, client).install();
    CommandRun installed = CommandRun.of("install", "--kubeconfig", kubeconfig.toString());

    assertThat(empty.exitCode).as(empty.toString()).isZero();
    assertThat(installed.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(installed.out).isEmpty();
    assertThat(installed.err)
        .contains("meshctl is installed already in namespace meshctl-system: use meshctl upgrade");
  }

  @Test
  void anUnreachableCluster_saysSo_andHowToRenderAnyway() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path kubeconfig = ClusterFixture.kubeconfig(folder, "https://127.0.0.1:" + port);

    CommandRun run = CommandRun.of("install", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err)
        .startsWith("Error: cannot reach the Kubernetes API at https://127.0.0.1:" + port)
        .contains("give --ignore-cluster")
        .doesNotContain("\tat ");
  }

  @Test
  void help_showsOptionsAndAnExample() {
    CommandRun run = CommandRun.of("install", "--help");

    assertThat(run.out)
        .contains("--crds", "--ignore-cluster", "--set", "--registry", "--ha", "Examples:")
        .contains("meshctl install | kubectl apply -f -");
  }

  /** Runs meshctl with install making {@link #FIXED} instead of new key material. */
  static CommandRun withFixedSecrets(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          @SuppressWarnings("unchecked")
          public <K> K create(Class<K> type) throws Exception {
            if (type == InstallCommand.class) {
              return (K) new InstallCommand(trustDomain -> FIXED);
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    int code = Meshctl.run(factory, new PrintWriter(out), new PrintWriter(err), args);
    return new CommandRun(code, out.toString(), err.toString());
  }
}
