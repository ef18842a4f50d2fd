package dev.meshctl.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MetricsExporter exporter = new MetricsExporter(registry);

  @Test
  void contentType_isPrometheusText004() {
    assertThat(exporter.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
  }

  @Test
  void writeTo_writesTheRegistrysMetricsInTextFormat_andLeavesTheStreamOpen() throws Exception {
    Counter.builder().name("things_total").help("Things.").register(registry).inc(4);
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            throw new AssertionError("the exporter closed the caller's stream");
          }
        };

    exporter.writeTo(out);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("things_total 4.0\n")
        .isEqualTo(exporter.scrape());
  }

  @Test
  void onlyTheGivenRegistry_isExported() {
    PrometheusRegistry other = new PrometheusRegistry();
    Counter.builder().name("elsewhere_total").help("Elsewhere.").register(other).inc();
    Counter.builder().name("here_total").help("Here.").register(registry).inc();

    assertThat(exporter.scrape()).contains("here_total 1.0").doesNotContain("elsewhere_total");
  }
}
