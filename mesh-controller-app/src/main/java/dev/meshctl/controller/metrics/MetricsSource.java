package dev.meshctl.controller.metrics;

import java.time.Duration;
import java.util.Optional;

/**
 * Where golden metrics come from: the proxies scraped by the controller ({@link ScrapedMetrics},
 * the default) or a Prometheus server ({@link PrometheusMetrics}). Each answers the same reduced
 * series ({@link MetricFamily}); {@link MetricsQuery} turns them into the API's answers.
 */
public interface MetricsSource {

  /**
   * The traffic of the last {@code window}.
   *
   * @param namespace only the proxies of this namespace; empty for every namespace
   * @throws MetricsUnavailableException when the source cannot answer at all
   */
  Traffic traffic(Optional<String> namespace, Duration window);
}
