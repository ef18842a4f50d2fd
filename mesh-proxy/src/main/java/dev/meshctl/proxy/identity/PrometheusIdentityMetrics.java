package dev.meshctl.proxy.identity;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/**
 * The Prometheus backend of {@link IdentityMetrics}. The expiration gauge has no sample until the
 * first certificate (a zero would read as "expired in 1970").
 */
final class PrometheusIdentityMetrics implements IdentityMetrics {

  private final Counter refreshes;
  private volatile long expirySeconds = -1;

  PrometheusIdentityMetrics(PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    // Exposed as identity_cert_refresh_total (the client adds "_total" back to a counter's name).
    refreshes =
        Counter.builder()
            .name("identity_cert_refresh_total")
            .help("Total count of times the proxy's certificate was obtained or renewed.")
            .withoutExemplars()
            .register(registry);
    GaugeWithCallback.builder()
        .name("identity_cert_expiration_timestamp_seconds")
        .help("Time when the proxy's certificate expires, in seconds since the Unix epoch.")
        .callback(
            gauge -> {
              long seconds = expirySeconds;
              if (seconds >= 0) {
                gauge.call(seconds);
              }
            })
        .register(registry);
  }

  @Override
  public void refreshed(TlsCredentials credentials) {
    expirySeconds = credentials.expiry().getEpochSecond();
    refreshes.inc();
  }
}
