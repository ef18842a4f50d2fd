package dev.meshctl.systemtests;

import static org.awaitility.Awaitility.await;

import dev.meshctl.identity.ca.CaDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged identity app as its own process, in the local token mode with the given CA, its
 * Certify API on a given port; {@link #start} returns once it reports ready.
 */
final class IdentityAppProcess implements AutoCloseable {

  static final String CONTROL_PLANE_NAMESPACE = "meshctl-system";

  private final Process process;
  private final Path log;

  private IdentityAppProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** {@code extraArguments}: further {@code --key=value} settings, e.g. a short leaf lifetime. */
  static IdentityAppProcess start(CaDirectory ca, int grpcPort, String... extraArguments)
      throws Exception {
    Path log = Files.createTempFile("mesh-identity", ".log");
    int management = SpringAppLaunchIT.freePort();
    Path jar = ProxyProcess.ROOT.resolve("mesh-identity-app/target/mesh-identity-app.jar");
    List<String> command =
        new ArrayList<>(
            List.of(
                SpringAppLaunchIT.javaBin(),
                "-Xmx128m",
                "-jar",
                jar.toString(),
                "--server.port=" + SpringAppLaunchIT.freePort(),
                "--management.server.port=" + management,
                "--mesh.identity.trust-domain=cluster.local",
                "--mesh.identity.control-plane-namespace=" + CONTROL_PLANE_NAMESPACE,
                "--mesh.identity.grpc-port=" + grpcPort,
                "--mesh.identity.trust-anchors-file=" + ca.trustAnchorsFile(),
                "--mesh.identity.issuer-certificate-file=" + ca.issuerCertificateFile(),
                "--mesh.identity.issuer-key-file=" + ca.issuerKeyFile(),
                "--mesh.identity.token-mode=local",
                "--mesh.identity.token-verification-key-file=" + ca.tokenVerificationKeyFile()));
    command.addAll(List.of(extraArguments));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    IdentityAppProcess identity = new IdentityAppProcess(process, log);
    HttpClient http = HttpClient.newHttpClient();
    URI readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("the identity app exited", () -> !process.isAlive())
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(readiness).build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()
                      == 200);
    } catch (Throwable e) {
      e.addSuppressed(new AssertionError("the identity app printed:\n" + identity.output()));
      identity.close();
      throw e;
    }
    return identity;
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** Kills it at once (a crashed control plane), keeping its log for {@link #output}. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
