package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The whole Kubernetes install path on a real cluster (K3s in a container): the images built by
 * Jib, {@code meshctl install --crds} and {@code meshctl install} applied, {@code meshctl check}
 * passing, a namespace annotated for injection with a two-service application (a {@code whoami}
 * server and a curl loop calling it), and {@code meshctl stat} and {@code meshctl edges} showing
 * its traffic secured by mTLS between the two injected proxies.
 *
 * <p>Needs a Docker engine: without one the class is reported as skipped. The images are built by
 * the test when {@code target/jib-image.tar} is missing in a module (the proxy's base, {@code
 * images/proxy-base}, is built in the Docker engine first), then imported into K3s's containerd;
 * the two application images are pulled from Docker Hub by K3s.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sInstallIT {

  private static final Path ROOT =
      Path.of(System.getProperty("meshctl.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "ghcr.io/meshctl/proxy-base:17";
  private static final List<String> IMAGE_MODULES =
      List.of(
          "mesh-proxy",
          "mesh-controller-app",
          "mesh-identity-app",
          "mesh-injector-app",
          "mesh-web-app");

  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  private static final Path HOME = ROOT.resolve("mesh-system-tests/target/k3s-meshctl-home");

  private static KubernetesClient client;
  private static Path kubeconfig;

  @BeforeAll
  static void buildImportAndInstall() throws Exception {
    buildImagesIfMissing();
    for (String module : IMAGE_MODULES) {
      Path tar = ROOT.resolve(module).resolve("target/jib-image.tar");
      K3S.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/" + module + ".tar");
      var result =
          K3S.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/" + module + ".tar");
      assertThat(result.getExitCode()).as(module + ": " + result.getStderr()).isZero();
    }
    kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
    Files.writeString(kubeconfig, K3S.getKubeConfigYaml());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();

    Result pre = meshctl("check", "--pre");
    System.out.println("meshctl check --pre:\n" + pre.out + pre.err);
    assertThat(pre.exit).as(pre.err).isZero();

    apply(meshctl("install", "--crds"));
    apply(meshctl("install"));
    long started = System.nanoTime();
    for (String name :
        List.of("meshctl-controller", "meshctl-identity", "meshctl-injector", "meshctl-web")) {
      client
          .apps()
          .deployments()
          .inNamespace("meshctl-system")
          .withName(name)
          .waitUntilCondition(K3sInstallIT::available, 5, TimeUnit.MINUTES);
    }
    System.out.printf(
        "control plane available %.1f s after apply%n", (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void close() throws IOException {
    if (client != null) {
      client.close();
    }
    if (kubeconfig != null) {
      Files.deleteIfExists(kubeconfig);
    }
  }

  @Test
  void checkPassesAfterInstall() throws Exception {
    Result check = meshctl("check");
    System.out.println(check.out);
    assertThat(check.exit).as(check.out + check.err).isZero();
  }

  @Test
  void injectedApplicationTalksOverMutualTls() throws Exception {
    apply(new Result(0, demoApplication(), ""));
    for (String name : List.of("server", "client")) {
      Deployment ready =
          client
              .apps()
              .deployments()
              .inNamespace("k3s-demo")
              .withName(name)
              .waitUntilCondition(K3sInstallIT::available, 5, TimeUnit.MINUTES);
      assertThat(ready.getMetadata().getName()).isEqualTo(name);
    }
    assertThat(
            client.pods().inNamespace("k3s-demo").list().getItems().stream()
                .allMatch(
                    pod ->
                        pod.getSpec().getInitContainers().stream()
                            .anyMatch(c -> c.getName().equals("mesh-proxy"))))
        .as("every pod carries the proxy as a native sidecar")
        .isTrue();

    // No --api-addr: without a local mesh, meshctl reaches the controller through the cluster's
    // API (a port-forward to Service meshctl-api), as a user's terminal would.
    JsonNode stat = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Result result = meshctl("stat", "deploy", "-n", "k3s-demo", "-o", "json");
      if (result.exit == 0) {
        stat = JSON.readTree(result.out);
        if (rps(stat, "server") > 0) {
          break;
        }
      }
      Thread.sleep(2000);
    }
    assertThat(stat).isNotNull();
    assertThat(rps(stat, "server")).as(stat.toString()).isGreaterThan(0);

    Result edges = meshctl("edges", "deploy", "-n", "k3s-demo", "-o", "json");
    assertThat(edges.exit).as(edges.err).isZero();
    assertThat(edges.out)
        .contains("client.k3s-demo.serviceaccount.identity.meshctl-system.cluster.local")
        .contains("server.k3s-demo.serviceaccount.identity.meshctl-system.cluster.local");
  }

  private static double rps(JsonNode stat, String name) {
    for (JsonNode row : stat.path("rows")) {
      if (row.path("name").asText().equals(name)) {
        return row.path("rps").asDouble();
      }
    }
    return 0;
  }

  private static boolean available(Deployment deployment) {
    return deployment != null
        && deployment.getStatus() != null
        && deployment.getStatus().getAvailableReplicas() != null
        && deployment.getStatus().getAvailableReplicas() >= 1;
  }

  private static void apply(Result rendered) {
    assertThat(rendered.exit).as(rendered.err).isZero();
    client
        .load(new ByteArrayInputStream(rendered.out.getBytes(StandardCharsets.UTF_8)))
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Two deployments with their own ServiceAccounts (so two identities) in an injected namespace.
   */
  private static String demoApplication() {
    return """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: k3s-demo
          annotations:
            meshctl.dev/inject: enabled
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: server, namespace: k3s-demo}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: client, namespace: k3s-demo}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: server, namespace: k3s-demo}
        spec:
          selector: {app: server}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: server, namespace: k3s-demo}
        spec:
          selector: {matchLabels: {app: server}}
          template:
            metadata: {labels: {app: server}}
            spec:
              serviceAccountName: server
              containers:
              - name: whoami
                image: traefik/whoami:v1.10
                args: ["--port", "8080"]
                ports: [{containerPort: 8080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: client, namespace: k3s-demo}
        spec:
          selector: {matchLabels: {app: client}}
          template:
            metadata: {labels: {app: client}}
            spec:
              serviceAccountName: client
              containers:
              - name: curl
                image: curlimages/curl:8.11.1
                command: ["/bin/sh", "-c"]
                args: ["while true; do curl -s -o /dev/null http://server.k3s-demo.svc.cluster.local/; sleep 0.2; done"]
        """;
  }

  /** Builds the five images to tarballs with Jib when they are not there yet. */
  private static void buildImagesIfMissing() throws Exception {
    boolean missing =
        IMAGE_MODULES.stream()
            .anyMatch(m -> !Files.exists(ROOT.resolve(m).resolve("target/jib-image.tar")));
    if (!missing) {
      return;
    }
    new ImageFromDockerfile(PROXY_BASE, false)
        .withFileFromPath(".", ROOT.resolve("images/proxy-base"))
        .get(10, TimeUnit.MINUTES);
    List<String> command =
        new ArrayList<>(
            List.of(
                ROOT.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-Pimages",
                "package",
                "-DskipTests",
                "-Dmesh.image.proxy-base=docker://" + PROXY_BASE,
                "-pl",
                String.join(",", IMAGE_MODULES)));
    System.out.println("building images: " + String.join(" ", command));
    Process build = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO().start();
    assertThat(build.waitFor(20, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as("image build").isZero();
  }

  private static Result meshctl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("meshctl").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
    Map<String, String> env = builder.environment();
    env.put("KUBECONFIG", kubeconfig == null ? "" : kubeconfig.toString());
    // A home of its own: no local mesh, so the cluster is the mesh meshctl talks to.
    env.put("MESHCTL_HOME", HOME.toString());
    Path stderr = Files.createTempFile("meshctl", ".err");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(stderr);
    Files.delete(stderr);
    return new Result(process.exitValue(), out, err);
  }

  private record Result(int exit, String out, String err) {}
}
