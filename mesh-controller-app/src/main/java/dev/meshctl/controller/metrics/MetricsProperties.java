package dev.meshctl.controller.metrics;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where golden metrics come from, under {@code mesh.metrics} (environment variables {@code
 * MESH_METRICS_*}). Checked at start: a bad value stops the controller with a message naming it.
 *
 * @param scrapeInterval how often the proxies are scraped (without Prometheus)
 * @param scrapeTimeout how long one proxy may take to answer; at most the interval
 * @param retention how long samples are kept: the longest window answered in full
 * @param idleStop scraping stops after this long without an API call, and starts again with the
 *     next; {@code 0s} scrapes from the first call on, never stopping
 * @param prometheusUrl when set, metrics come from this Prometheus server instead, e.g. {@code
 *     http://prometheus.monitoring:9090}
 * @param prometheusTimeout how long one PromQL query may take
 */
@ConfigurationProperties("mesh.metrics")
@Validated
record MetricsProperties(
    @DefaultValue("5s") @NotNull Duration scrapeInterval,
    @DefaultValue("2s") @NotNull Duration scrapeTimeout,
    @DefaultValue("10m") @NotNull Duration retention,
    @DefaultValue("10m") @NotNull Duration idleStop,
    String prometheusUrl,
    @DefaultValue("10s") @NotNull Duration prometheusTimeout) {

  @AssertTrue(message = "must be at least 100ms")
  boolean isScrapeInterval() {
    return scrapeInterval == null || scrapeInterval.toMillis() >= 100;
  }

  @AssertTrue(message = "must be positive and at most mesh.metrics.scrape-interval")
  boolean isScrapeTimeout() {
    return scrapeTimeout == null
        || scrapeInterval == null
        || (scrapeTimeout.toMillis() > 0 && scrapeTimeout.compareTo(scrapeInterval) <= 0);
  }

  @AssertTrue(
      message = "must be at least twice mesh.metrics.scrape-interval (a rate needs two samples)")
  boolean isRetention() {
    return retention == null
        || scrapeInterval == null
        || retention.compareTo(scrapeInterval.multipliedBy(2)) >= 0;
  }

  @AssertTrue(message = "must not be negative")
  boolean isIdleStop() {
    return idleStop == null || !idleStop.isNegative();
  }

  @AssertTrue(message = "must be positive")
  boolean isPrometheusTimeout() {
    return prometheusTimeout == null || prometheusTimeout.toMillis() > 0;
  }

  @AssertTrue(
      message =
          "must be an absolute http or https URL with a host and no query, such as"
              + " http://prometheus.monitoring:9090")
  boolean isPrometheusUrl() {
    if (prometheusUrl == null || prometheusUrl.isBlank()) {
      return true;
    }
    try {
      URI uri = new URI(prometheusUrl.trim());
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getQuery() == null
          && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The Prometheus server's base URL, ending with {@code /}, when one is configured. */
  Optional<URI> prometheus() {
    if (prometheusUrl == null || prometheusUrl.isBlank()) {
      return Optional.empty();
    }
    String url = prometheusUrl.trim();
    return Optional.of(URI.create(url.endsWith("/") ? url : url + "/"));
  }
}
