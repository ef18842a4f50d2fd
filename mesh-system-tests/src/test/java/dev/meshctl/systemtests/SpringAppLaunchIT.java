package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each control-plane app starts from its packaged jar with {@code java -jar}, reports UP on its
 * liveness and readiness probes over real HTTP, and shuts down gracefully on SIGTERM.
 */
class SpringAppLaunchIT {

  private static final Path ROOT =
      Path.of(System.getProperty("meshctl.root", "..")).toAbsolutePath();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @ParameterizedTest
  @ValueSource(
      strings = {"mesh-controller-app", "mesh-identity-app", "mesh-injector-app", "mesh-web-app"})
  void startsWithJavaJar_reportsUp_andStopsGracefullyOnSigterm(String app) throws Exception {
    Path jar = ROOT.resolve(app).resolve("target").resolve(app + ".jar");
    assertThat(jar).exists();
    int serverPort = freePort();
    int managementPort = freePort();
    Path log = Files.createTempFile(app, ".log");
    Path caDirectory = Files.createTempDirectory(app + "-ca");

    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin(),
                "-Xmx128m",
                "-jar",
                jar.toString(),
                "--server.port=" + serverPort,
                "--management.server.port=" + managementPort));
    if (app.equals("mesh-identity-app")) {
      command.addAll(identityArguments(caDirectory));
    }
    if (app.equals("mesh-controller-app")) {
      command.add("--mesh.controller.grpc-port=0");
    }
    if (app.equals("mesh-injector-app")) {
      command.addAll(injectorArguments(caDirectory));
    }
    if (app.equals("mesh-web-app")) {
      // Required: the dashboard reads everything from the controller (which need not answer here).
      command.add("--mesh.web.controller-api=http://127.0.0.1:" + freePort());
    }
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      URI liveness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/liveness");
      URI readiness =
          URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast(app + " exited before it was live", () -> !process.isAlive())
          .untilAsserted(() -> assertThat(get(liveness).statusCode()).isEqualTo(200));

      assertThat(get(liveness).body()).isEqualTo("{\"status\":\"UP\"}");
      HttpResponse<String> ready = get(readiness);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
      // Health and Prometheus only: nothing else of the actuator is exposed.
      // One scrape once hung past the request's 20 s (mesh-web-app, a run on a quiet machine; not
      // reproduced since): asked again, up to a minute, and a slow answer is printed.
      URI metrics = URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
      long asked = System.nanoTime();
      HttpResponse<String> prometheus =
          await()
              .atMost(Duration.ofSeconds(60))
              .ignoreExceptionsInstanceOf(HttpTimeoutException.class)
              .until(() -> get(metrics), response -> response.statusCode() == 200);
      long tookMillis = (System.nanoTime() - asked) / 1_000_000;
      if (tookMillis > 5_000) {
        System.out.println(app + ": /actuator/prometheus answered after " + tookMillis + " ms");
      }
      if (app.equals("mesh-identity-app")) {
        assertThat(prometheus.body())
            .contains("identity_issuer_expiration_timestamp_seconds")
            .contains("identity_certificates_issued_total");
      }
      assertThat(
              get(URI.create("http://127.0.0.1:" + managementPort + "/actuator/env")).statusCode())
          .isEqualTo(404);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
      String output = Files.readString(log);
      assertThat(output)
          .contains("Commencing graceful shutdown")
          .contains("Graceful shutdown complete");
    } catch (Throwable failure) {
      failure.addSuppressed(new AssertionError(app + " printed:\n" + Files.readString(log)));
      throw failure;
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
      for (Path file : new CaDirectory(caDirectory).files()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(caDirectory.resolve(INJECTION_CONFIG));
      Files.deleteIfExists(caDirectory);
    }
  }

  @Test
  void injectorWithoutItsServingCertificate_saysWhichFile_withoutAStackTrace() throws Exception {
    Path jar = ROOT.resolve("mesh-injector-app/target/mesh-injector-app.jar");
    Path missing = Files.createTempDirectory("no-tls").resolve("tls.crt");
    Process process =
        new ProcessBuilder(
                javaBin(),
                "-Xmx128m",
                "-jar",
                jar.toString(),
                "--server.port=" + freePort(),
                "--management.server.port=" + freePort(),
                "--mesh.injector.tls.cert-file=" + missing)
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Files.deleteIfExists(missing.getParent());

    assertThat(process.exitValue()).isNotZero();
    assertThat(output)
        .contains(
            "Cannot read the webhook's TLS certificate or key: "
                + missing
                + " (No such file or directory)")
        .doesNotContain("\tat ");
  }

  private static final String INJECTION_CONFIG = "injection-config.yaml";

  /**
   * The injector does not start without its serving certificate and the injection config: the
   * issuer of a fresh CA serves as the certificate, the config names the CA's trust anchors. No
   * Kubernetes API answers here, which the injector logs (classic sidecars until it does).
   */
  private static List<String> injectorArguments(Path caDirectory) throws IOException {
    CaDirectory ca = new CaDirectory(caDirectory);
    ca.write(new CaGenerator(Clock.systemUTC()).generate("cluster.local", "meshctl-system"), true);
    Path config = caDirectory.resolve(INJECTION_CONFIG);
    StringBuilder yaml = new StringBuilder("trustAnchorsPEM: |\n");
    for (String line : Files.readAllLines(ca.trustAnchorsFile())) {
      yaml.append("  ").append(line).append('\n');
    }
    Files.writeString(config, yaml);
    return List.of(
        "--mesh.injector.config-file=" + config,
        "--mesh.injector.tls.cert-file=" + ca.issuerCertificateFile(),
        "--mesh.injector.tls.key-file=" + ca.issuerKeyFile());
  }

  /**
   * The identity app does not start without a CA: one made with the library {@code meshctl identity
   * create-ca} uses, in the local token mode, its gRPC API on a free port.
   */
  private static List<String> identityArguments(Path caDirectory) throws IOException {
    CaDirectory ca = new CaDirectory(caDirectory);
    ca.write(new CaGenerator(Clock.systemUTC()).generate("cluster.local", "meshctl-system"), true);
    return List.of(
        "--mesh.identity.trust-domain=cluster.local",
        "--mesh.identity.grpc-port=" + freePort(),
        "--mesh.identity.trust-anchors-file=" + ca.trustAnchorsFile(),
        "--mesh.identity.issuer-certificate-file=" + ca.issuerCertificateFile(),
        "--mesh.identity.issuer-key-file=" + ca.issuerKeyFile(),
        "--mesh.identity.token-mode=local",
        "--mesh.identity.token-verification-key-file=" + ca.tokenVerificationKeyFile());
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
