package dev.meshctl.proxy.identity;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What the identity sources record: each new certificate that took effect. The Prometheus backend
 * exposes Linkerd's {@code identity_cert_expiration_timestamp_seconds} and {@code
 * identity_cert_refresh_total}.
 */
public interface IdentityMetrics {

  /** New credentials took effect: the first, a renewal, or a changed set of files. */
  void refreshed(TlsCredentials credentials);

  /** Registers the identity metrics in {@code registry} (once per registry). */
  static IdentityMetrics prometheus(PrometheusRegistry registry) {
    return new PrometheusIdentityMetrics(registry);
  }

  /** Records nothing. */
  static IdentityMetrics none() {
    return credentials -> {};
  }
}
