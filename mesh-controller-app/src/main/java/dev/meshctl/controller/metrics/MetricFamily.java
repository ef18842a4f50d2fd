package dev.meshctl.controller.metrics;

import java.util.List;
import java.util.Optional;

/**
 * The proxy metrics the metrics API reads, and the labels it keeps of each (the others, such as
 * {@code status_code}, are summed away). Both sources reduce to these: the scraper when it stores a
 * sample, Prometheus through {@code sum by (...)}. The names and labels are the proxy's
 * (Linkerd's).
 */
public enum MetricFamily {
  /** Responses by classification ({@code success|failure}): rps and success rate. */
  RESPONSES(
      "response_total",
      true,
      List.of(
          "direction",
          "authority",
          "target_addr",
          "tls",
          "client_id",
          "server_id",
          "classification")),
  /** Response latency buckets: the percentiles. */
  LATENCY(
      "response_latency_ms_bucket",
      true,
      List.of("direction", "authority", "target_addr", "tls", "client_id", "server_id", "le")),
  /** Open connections, a gauge. */
  TCP_OPEN(
      "tcp_open_connections",
      false,
      List.of("direction", "peer", "target_addr", "tls", "client_id", "server_id")),
  /** Responses per route, as the client saw them (after retries). */
  ROUTE_RESPONSES(
      "route_response_total", true, List.of("direction", "dst", "rt_route", "classification")),
  /** Latency buckets per route. */
  ROUTE_LATENCY(
      "route_response_latency_ms_bucket", true, List.of("direction", "dst", "rt_route", "le"));

  private final String metric;
  private final boolean counter;
  private final List<String> labels;

  MetricFamily(String metric, boolean counter, List<String> labels) {
    this.metric = metric;
    this.counter = counter;
    this.labels = labels;
  }

  /** The sample name in the exposition ({@code response_total}). */
  public String metric() {
    return metric;
  }

  /** A counter is read as a rate over the window; otherwise (a gauge) as its latest value. */
  public boolean counter() {
    return counter;
  }

  /** The labels kept, in a fixed order. */
  public List<String> labels() {
    return labels;
  }

  /** The family of a sample name, if the API reads it. */
  public static Optional<MetricFamily> ofMetric(String metric) {
    for (MetricFamily family : values()) {
      if (family.metric.equals(metric)) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }
}
