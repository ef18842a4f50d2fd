package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the metrics API: the {@link MetricsSource} (Prometheus when {@code
 * mesh.metrics.prometheus-url} is set, else the controller's own scraper) and the Spring-free
 * {@link MetricsQuery} over it and the discovery model.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(MetricsConfiguration.class);

  @Bean
  MetricsSource metricsSource(MetricsProperties properties, DiscoveryModel model) {
    if (properties.prometheus().isPresent()) {
      log.info("Metrics: read from Prometheus at {}", properties.prometheus().get());
      return new PrometheusMetrics(properties.prometheus().get(), properties.prometheusTimeout());
    }
    Clock clock = Clock.systemUTC();
    ScrapeStore store = new ScrapeStore(properties.retention(), properties.scrapeInterval());
    ProxyScraper scraper =
        new ProxyScraper(
            model,
            store,
            properties.scrapeInterval(),
            properties.scrapeTimeout(),
            properties.idleStop(),
            clock);
    if (properties.idleStop().isZero()) {
      scraper.touch();
    }
    return new ScrapedMetrics(scraper, store, properties.scrapeInterval(), clock);
  }

  @Bean
  MetricsQuery metricsQuery(
      DiscoveryModel model, DestinationTranslator translator, MetricsSource source) {
    return new MetricsQuery(model, translator.settings(), source);
  }
}
