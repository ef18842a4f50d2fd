package dev.meshctl.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.metrics.Exposition;
import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.testing.TestCa;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusIdentityMetricsTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final IdentityMetrics metrics = IdentityMetrics.prometheus(registry);
  private final TestCa ca = TestCa.create("cluster.local");

  private String scrape() {
    return new MetricsExporter(registry).scrape();
  }

  private TlsCredentials credentials(Duration lifetime) {
    TestCa.Leaf leaf = ca.issue("web.demo.cluster.local", lifetime);
    return new TlsCredentials("web.demo.cluster.local", leaf.chain(), leaf.key(), ca.anchors());
  }

  @Test
  void beforeAnyCertificate_theRefreshCountIsZero_andThereIsNoExpiry() {
    assertThat(scrape())
        .containsPattern("(?m)^identity_cert_refresh_total 0(\\.0)?$")
        .doesNotContainPattern("(?m)^identity_cert_expiration_timestamp_seconds ");
  }

  @Test
  void eachCertificate_countsARefresh_andSetsTheExpiryInUnixSeconds() {
    metrics.refreshed(credentials(Duration.ofHours(1)));
    TlsCredentials last = credentials(Duration.ofHours(24));
    metrics.refreshed(last);

    Exposition exposition = Exposition.parse(scrape());
    assertThat(exposition.value("identity_cert_refresh_total", Map.of())).isEqualTo(2);
    assertThat(exposition.value("identity_cert_expiration_timestamp_seconds", Map.of()))
        .isEqualTo(last.expiry().getEpochSecond());
    assertThat(scrape())
        .contains("# TYPE identity_cert_expiration_timestamp_seconds gauge")
        .contains("# TYPE identity_cert_refresh_total counter");
  }
}
