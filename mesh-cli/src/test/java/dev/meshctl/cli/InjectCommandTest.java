package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class InjectCommandTest {

  static final String SERVICE =
      """
      # the web service, kept exactly as written
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: demo}
      spec:
        ports:
        - port: 80
          targetPort: 8080
      """;

  static final String MANIFESTS =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: demo}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: web:1
              ports:
              - containerPort: 8080
              resources:
                requests: {cpu: 100m, memory: 64Mi}
      ---
      """
          + SERVICE
          + """
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: migrate, namespace: demo}
      spec:
        template:
          metadata:
            annotations:
              meshctl.dev/inject: disabled
          spec:
            restartPolicy: Never
            containers: [{name: migrate, image: "migrate:1"}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: meshed, namespace: demo}
      spec:
        initContainers: [{name: mesh-proxy, image: "ghcr.io/meshctl/mesh-proxy:0.1.0", restartPolicy: Always}]
        containers: [{name: app, image: "app:1"}]
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: report, namespace: demo}
      spec:
        schedule: "*/5 * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers: [{name: report, image: "report:1"}]
      """;

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path folder;

  private Path manifests;
  private Path config;
  private String anchors;

  @BeforeEach
  void setUp() throws Exception {
    manifests = folder.resolve("app.yaml");
    Files.writeString(manifests, MANIFESTS);
    anchors =
        InstallSecrets.generate(Clock.systemUTC(), ClusterNames.NAMESPACE, "cluster.local")
            .trustAnchorsPem();
    config = folder.resolve("config.yaml");
    Files.writeString(config, configYaml("0.1.0"));
  }

  private String configYaml(String version) {
    return "version: " + version + "\ntrustAnchorsPEM: |\n" + anchors.indent(2);
  }

  @Test
  void eachDocument_isInjectedOrSkipped_inOrder() throws Exception {
    CommandRun run =
        CommandRun.of(
            "inject",
            manifests.toString(),
            "--config",
            config.toString(),
            "--native-sidecar",
            "enabled");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err)
        .isEqualTo(
            """
            deployment/web injected
            service/web skipped: not a workload
            job/migrate skipped: the pod has meshctl.dev/inject: disabled
            pod/meshed skipped: the pod already has a mesh-proxy container
            cronjob/report injected
            """);
    Manifests out = new Manifests(run.out);
    assertThat(out.documents)
        .extracting(d -> d.path("kind").asText())
        .containsExactly("Deployment", "Service", "Job", "Pod", "CronJob");
    assertThat(run.out).contains("---\n" + SERVICE);
    JsonNode web = out.find("Deployment", "web").path("spec").path("template");
    assertThat(names(web.path("spec").path("initContainers"))).contains("mesh-init", "mesh-proxy");
    assertThat(names(web.path("spec").path("containers"))).containsExactly("web");
    assertThat(web.path("metadata").path("annotations").path("meshctl.dev/proxy-version").asText())
        .isEqualTo("0.1.0");
    assertThat(web.path("metadata").path("labels").path("app").asText()).isEqualTo("web");
    assertThat(out.find("Deployment", "web").path("spec").path("replicas").asInt()).isEqualTo(1);
    JsonNode report =
        out.find("CronJob", "report")
            .path("spec")
            .path("jobTemplate")
            .path("spec")
            .path("template");
    assertThat(names(report.path("spec").path("initContainers"))).contains("mesh-proxy");
    assertThat(out.find("CronJob", "report").path("spec").path("schedule").asText())
        .isEqualTo("*/5 * * * *");
    assertThat(out.find("Job", "migrate").path("spec").path("template").toString())
        .doesNotContain("mesh-proxy");
  }

  @Test
  void nativeSidecarDisabled_putsTheProxyAmongTheContainers() throws Exception {
    CommandRun run =
        CommandRun.of(
            "inject",
            manifests.toString(),
            "--config",
            config.toString(),
            "--native-sidecar",
            "disabled");

    JsonNode web = new Manifests(run.out).find("Deployment", "web").path("spec").path("template");
    assertThat(names(web.path("spec").path("containers"))).contains("mesh-proxy", "web");
    assertThat(names(web.path("spec").path("initContainers"))).containsExactly("mesh-init");
  }

  @Test
  void injectThenUninject_givesBackTheOriginalObjects() throws Exception {
    CommandRun injected =
        CommandRun.of("inject", manifests.toString(), "--config", config.toString());
    Path meshed = folder.resolve("meshed.yaml");
    Files.writeString(meshed, injected.out);

    CommandRun uninjected = CommandRun.of("uninject", meshed.toString());

    assertThat(uninjected.exitCode).as(uninjected.toString()).isZero();
    assertThat(uninjected.err)
        .isEqualTo(
            """
            deployment/web uninjected
            service/web skipped: not a workload
            job/migrate skipped: no proxy to remove
            pod/meshed uninjected
            cronjob/report uninjected
            """);
    List<HasMetadata> original = objects(MANIFESTS);
    List<HasMetadata> roundTrip = objects(uninjected.out);
    // The already meshed pod loses its proxy: every other object is as it was.
    assertThat(roundTrip).hasSize(5);
    for (int i : new int[] {0, 1, 2, 4}) {
      assertThat(roundTrip.get(i)).isEqualTo(original.get(i));
    }
    assertThat(Serialization.asYaml(roundTrip.get(3))).doesNotContain("mesh-proxy");
  }

  @Test
  void lists_areInjectedItemByItem() throws Exception {
    Path list = folder.resolve("list.yaml");
    Files.writeString(
        list,
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: settings}
        - apiVersion: apps/v1
          kind: StatefulSet
          metadata: {name: db}
          spec:
            selector: {matchLabels: {app: db}}
            template:
              metadata: {labels: {app: db}}
              spec:
                containers: [{name: db, image: "db:1"}]
        """);

    CommandRun run = CommandRun.of("inject", list.toString(), "--config", config.toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err)
        .isEqualTo("configmap/settings skipped: not a workload\nstatefulset/db injected\n");
    JsonNode items = new Manifests(run.out).documents.get(0).path("items");
    assertThat(items.get(1).path("spec").path("template").toString()).contains("mesh-proxy");
  }

  @Test
  void badYaml_namesTheDocument() throws Exception {
    Path bad = folder.resolve("bad.yaml");
    Files.writeString(bad, SERVICE + "---\nkind: Deployment\nmetadata: {name: [unclosed\n");

    CommandRun run = CommandRun.of("inject", bad.toString(), "--config", config.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).isEmpty();
    assertThat(run.err).startsWith("Error: document 2 of " + bad + " is not valid YAML: ");
  }

  @Test
  void configFromTheCluster_andItsVersionDecidesNativeSidecars() throws Exception {
    ClusterFixture cluster = new ClusterFixture(server, client);
    cluster.kubernetesVersion("1", "28");
    client
        .configMaps()
        .inNamespace(ClusterNames.NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ClusterNames.CONFIG_MAP)
                .endMetadata()
                .addToData(ClusterNames.CONFIG_KEY, configYaml("0.1.7"))
                .build())
        .create();

    CommandRun run =
        CommandRun.of(
            "inject", manifests.toString(), "--kubeconfig", cluster.kubeconfig(folder).toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    JsonNode web = new Manifests(run.out).find("Deployment", "web").path("spec").path("template");
    assertThat(names(web.path("spec").path("containers"))).contains("mesh-proxy");
    assertThat(web.path("metadata").path("annotations").path("meshctl.dev/proxy-version").asText())
        .isEqualTo("0.1.7");
  }

  @Test
  void noConfigInTheCluster_saysToGiveOne() throws Exception {
    ClusterFixture cluster = new ClusterFixture(server, client);

    CommandRun run =
        CommandRun.of(
            "inject", manifests.toString(), "--kubeconfig", cluster.kubeconfig(folder).toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).contains("no ConfigMap meshctl-config").contains("--config FILE");
  }

  @Test
  void badNativeSidecarMode_isAUsageError() {
    CommandRun run =
        CommandRun.of(
            "inject",
            manifests.toString(),
            "--config",
            config.toString(),
            "--native-sidecar",
            "sometimes");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void help_showsAnExample() {
    assertThat(CommandRun.of("inject", "--help").out)
        .contains("--native-sidecar", "--config", "Examples:", "meshctl inject");
    assertThat(CommandRun.of("uninject", "--help").out).contains("Examples:");
  }

  private static List<String> names(JsonNode containers) {
    return java.util.stream.StreamSupport.stream(containers.spliterator(), false)
        .map(c -> c.path("name").asText())
        .toList();
  }

  private static List<HasMetadata> objects(String yaml) {
    return ManifestRewriter.split(yaml).stream()
        .filter(d -> !d.isBlank())
        .map(d -> (HasMetadata) Serialization.unmarshal(d))
        .toList();
  }
}
