package dev.meshctl.controller.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshctl.controller.discovery.PodRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link MetricsSource} over a Prometheus server that scrapes the proxies ({@code
 * mesh.metrics.prometheus-url}): one instant query per {@link MetricFamily} through the HTTP API
 * ({@code GET /api/v1/query}), {@code sum by (...)} of {@code rate(...[window])} for counters and
 * of the latest value for gauges, by pod and the family's labels. Every series must carry the pod's
 * {@code namespace} and {@code pod} labels, and its workload label ({@code deployment}, {@code
 * statefulset} or {@code daemonset}) when it has one, as the scrape configuration attaches them
 * (README.md); series without {@code namespace} and {@code pod} are left out.
 *
 * <p>Percentiles are computed from the summed bucket rates with {@code histogram_quantile}'s rule
 * ({@link LatencyHistogram}), after the buckets are added up per resource, which is what {@code
 * histogram_quantile(q, sum by (le, ...) (rate(..._bucket[w])))} does.
 */
final class PrometheusMetrics implements MetricsSource {

  static final String SOURCE = "prometheus";

  /** The labels the scrape configuration attaches to every proxy's series. */
  static final List<String> POD_LABELS =
      List.of("namespace", "pod", "deployment", "statefulset", "daemonset");

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  PrometheusMetrics(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Traffic traffic(Optional<String> namespace, Duration window) {
    List<PodSeries> series = new ArrayList<>();
    for (MetricFamily family : MetricFamily.values()) {
      String promql = query(family, namespace, window);
      for (JsonNode result : query(promql)) {
        JsonNode metric = result.path("metric");
        String ns = metric.path("namespace").asText("");
        String pod = metric.path("pod").asText("");
        if (ns.isEmpty() || pod.isEmpty()) {
          continue;
        }
        Map<String, String> labels = new HashMap<>();
        for (String label : family.labels()) {
          labels.put(label, metric.path(label).asText(""));
        }
        double value = parseValue(result.path("value").path(1).asText(), promql);
        series.add(new PodSeries(new PodRef(ns, pod, workload(metric)), family, labels, value));
      }
    }
    return new Traffic(SOURCE, window, Optional.empty(), series);
  }

  /** The PromQL of one family, e.g. {@code sum by (namespace, pod, ...) (rate(x{...}[60s]))}. */
  static String query(MetricFamily family, Optional<String> namespace, Duration window) {
    String selector =
        family.metric() + namespace.map(ns -> "{namespace=\"" + escape(ns) + "\"}").orElse("");
    List<String> by = new ArrayList<>(POD_LABELS);
    by.addAll(family.labels());
    String inner =
        family.counter() ? "rate(" + selector + "[" + window.toSeconds() + "s])" : selector;
    return "sum by (" + String.join(", ", by) + ") (" + inner + ")";
  }

  private static Optional<PodRecord.Workload> workload(JsonNode metric) {
    for (String kind : List.of("deployment", "statefulset", "daemonset")) {
      String name = metric.path(kind).asText("");
      if (!name.isEmpty()) {
        return Optional.of(new PodRecord.Workload(kind, name));
      }
    }
    return Optional.empty();
  }

  private JsonNode query(String promql) {
    URI uri =
        base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new MetricsUnavailableException(
          "cannot query Prometheus at "
              + base
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsUnavailableException("interrupted while querying Prometheus at " + base);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new MetricsUnavailableException(
          "Prometheus at " + base + " answered HTTP " + response.statusCode() + " with no JSON");
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new MetricsUnavailableException(
          "Prometheus at "
              + base
              + " refused the query "
              + promql
              + ": "
              + body.path("errorType").asText("")
              + " "
              + body.path("error").asText("HTTP " + response.statusCode()));
    }
    JsonNode data = body.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new MetricsUnavailableException(
          "Prometheus at "
              + base
              + " answered a "
              + data.path("resultType").asText()
              + " where an instant vector was expected");
    }
    return data.path("result");
  }

  private double parseValue(String text, String promql) {
    try {
      return switch (text) {
        case "NaN" -> Double.NaN;
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(text);
      };
    } catch (NumberFormatException e) {
      throw new MetricsUnavailableException(
          "Prometheus at " + base + " answered \"" + text + "\" as a value of " + promql);
    }
  }

  /** A PromQL string literal's content: backslashes and double quotes escaped. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
