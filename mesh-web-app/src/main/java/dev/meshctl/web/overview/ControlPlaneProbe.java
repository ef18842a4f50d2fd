package dev.meshctl.web.overview;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the control plane's components for their health through their actuator endpoints ({@code
 * /actuator/health}) and reads the identity issuer's certificate expiry from the identity service's
 * {@code /actuator/prometheus} ({@code identity_issuer_expiration_timestamp_seconds}). Plain Java;
 * the overview page shows what it finds.
 */
public final class ControlPlaneProbe {

  static final String EXPIRY_METRIC = "identity_issuer_expiration_timestamp_seconds";

  private final URI controllerAdmin;
  private final URI identityAdmin;
  private final Duration timeout;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  /** Either URL may be null (not configured): that component then reads {@code unknown}. */
  public ControlPlaneProbe(URI controllerAdmin, URI identityAdmin, Duration timeout) {
    this.controllerAdmin = controllerAdmin;
    this.identityAdmin = identityAdmin;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Both components, controller first; never fails (a failure is a {@code down}). */
  public CompletableFuture<List<ComponentStatus>> components() {
    CompletableFuture<ComponentStatus> controller = health("controller", controllerAdmin, false);
    CompletableFuture<ComponentStatus> identity = health("identity", identityAdmin, true);
    return controller.thenCombine(identity, List::of);
  }

  private CompletableFuture<ComponentStatus> health(String name, URI admin, boolean expiry) {
    if (admin == null) {
      return CompletableFuture.completedFuture(
          new ComponentStatus(name, "unknown", "no actuator URL configured", null));
    }
    CompletableFuture<ComponentStatus> status =
        fetch(admin, "/actuator/health")
            .thenApply(response -> interpret(name, admin, response))
            .exceptionally(
                failure ->
                    new ComponentStatus(
                        name, "down", "cannot reach " + admin + ": " + reason(failure), null));
    if (!expiry) {
      return status;
    }
    CompletableFuture<Instant> expiresAt =
        fetch(admin, "/actuator/prometheus")
            .thenApply(
                response -> response.statusCode() == 200 ? issuerExpiry(response.body()) : null)
            .exceptionally(failure -> null);
    return status.thenCombine(
        expiresAt, (s, at) -> new ComponentStatus(s.name(), s.health(), s.detail(), at));
  }

  private ComponentStatus interpret(String name, URI admin, HttpResponse<String> response) {
    String actuatorStatus = "no status";
    try {
      actuatorStatus = json.readTree(response.body()).path("status").asString("no status");
    } catch (JacksonException notJson) {
      actuatorStatus = "an answer that is not actuator JSON";
    }
    boolean up = response.statusCode() == 200 && "UP".equals(actuatorStatus);
    return new ComponentStatus(
        name,
        up ? "up" : "down",
        admin + "/actuator/health: HTTP " + response.statusCode() + ", " + actuatorStatus,
        null);
  }

  /** The issuer's expiry from a Prometheus text exposition, or null when it is not there. */
  static Instant issuerExpiry(String exposition) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(EXPIRY_METRIC)) {
        String[] parts = line.trim().split("\\s+");
        try {
          double seconds = Double.parseDouble(parts[parts.length - 1]);
          if (Double.isFinite(seconds) && seconds > 0) {
            return Instant.ofEpochMilli((long) (seconds * 1000));
          }
        } catch (NumberFormatException ignored) {
          // A sample we cannot read is the same as no sample: expiry unknown.
        }
      }
    }
    return null;
  }

  private CompletableFuture<HttpResponse<String>> fetch(URI admin, String path) {
    URI uri = URI.create(admin.toString().replaceAll("/+$", "") + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String reason(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getMessage() == null
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
