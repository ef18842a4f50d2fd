package dev.meshctl.proxy.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a registry's metrics in the Prometheus text format (version 0.0.4), for the admin server's
 * {@code /metrics}.
 */
public final class MetricsExporter {

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public MetricsExporter(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** {@code text/plain; version=0.0.4; charset=utf-8}. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Takes a snapshot of every metric and writes it to {@code out}, which stays open. */
  public void writeTo(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  /** The exposition as a string; for tests and debugging, the admin server streams. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
