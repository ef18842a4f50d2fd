package dev.meshctl.controller.metrics;

import java.time.Instant;

/**
 * Builds a proxy's {@code /metrics} page as the proxy writes it, for tests: responses, latency
 * buckets, open connections and route metrics with the proxy's label names.
 */
final class ProxyPage {

  private static final double[] BUCKETS = {1, 5, 10, 50, 100, 500};

  private final StringBuilder text = new StringBuilder();

  /** HTTP labels: {@code direction, authority, target_addr, tls, client_id, server_id}. */
  static String http(
      String direction, String authority, String targetAddr, boolean tls, String peerId) {
    boolean in = direction.equals("inbound");
    return "authority=\"%s\",client_id=\"%s\",direction=\"%s\",server_id=\"%s\",target_addr=\"%s\",tls=\"%s\""
        .formatted(
            authority,
            in ? peerId : "",
            direction,
            in ? "" : peerId,
            targetAddr,
            tls ? "true" : "no_identity");
  }

  /** Responses with a status and their classification. */
  ProxyPage responses(String labels, int status, String classification, double count) {
    text.append(
        "response_total{%s,status_code=\"%d\",classification=\"%s\"} %s%n"
            .formatted(labels, status, classification, count));
    return this;
  }

  /** Latency observations: {@code counts[i]} in the i-th bucket (1, 5, 10, 50, 100, 500 ms). */
  ProxyPage latency(String metric, String labels, int status, double... counts) {
    double cumulative = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cumulative += i < counts.length ? counts[i] : 0;
      text.append(
          "%s_bucket{%s,status_code=\"%d\",le=\"%.1f\"} %s%n"
              .formatted(metric, labels, status, BUCKETS[i], cumulative));
    }
    text.append(
        "%s_bucket{%s,status_code=\"%d\",le=\"+Inf\"} %s%n"
            .formatted(metric, labels, status, cumulative));
    text.append(
        "%s_count{%s,status_code=\"%d\"} %s%n".formatted(metric, labels, status, cumulative));
    return this;
  }

  ProxyPage latency(String labels, int status, double... counts) {
    return latency("response_latency_ms", labels, status, counts);
  }

  ProxyPage tcp(String direction, String peer, String targetAddr, double open) {
    text.append(
        ("tcp_open_connections{client_id=\"\",direction=\"%s\",peer=\"%s\",server_id=\"\","
                + "target_addr=\"%s\",tls=\"no_identity\"} %s%n")
            .formatted(direction, peer, targetAddr, open));
    return this;
  }

  ProxyPage route(String dst, String route, int status, String classification, double count) {
    text.append(
        ("route_response_total{direction=\"outbound\",dst=\"%s\",rt_route=\"%s\","
                + "status_code=\"%d\",classification=\"%s\"} %s%n")
            .formatted(dst, route, status, classification, count));
    return this;
  }

  ProxyPage routeLatency(String dst, String route, int status, double... counts) {
    return latency(
        "route_response_latency_ms",
        "direction=\"outbound\",dst=\"%s\",rt_route=\"%s\"".formatted(dst, route),
        status,
        counts);
  }

  String text() {
    return "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n" + text;
  }

  ProxySample sampleAt(Instant at) {
    try {
      return ProxySample.of(at, new ExpositionParser().parse(text()));
    } catch (ExpositionFormatException e) {
      throw new AssertionError(e);
    }
  }
}
