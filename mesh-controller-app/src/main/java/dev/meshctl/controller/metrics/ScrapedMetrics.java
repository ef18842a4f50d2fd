package dev.meshctl.controller.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The default {@link MetricsSource}: the controller's own scrapes of the proxies ({@link
 * ProxyScraper} into a {@link ScrapeStore}). Every call keeps the scraper going; the first calls
 * after it starts may have no rate yet, which the answer's note says.
 */
final class ScrapedMetrics implements MetricsSource, AutoCloseable {

  static final String SOURCE = "proxies";

  private final ProxyScraper scraper;
  private final ScrapeStore store;
  private final Duration interval;
  private final Clock clock;

  ScrapedMetrics(ProxyScraper scraper, ScrapeStore store, Duration interval, Clock clock) {
    this.scraper = scraper;
    this.store = store;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public Traffic traffic(Optional<String> namespace, Duration window) {
    scraper.touch();
    Traffic traffic = store.traffic(namespace, window, clock.instant());
    if (traffic.series().isEmpty() && traffic.note().isEmpty()) {
      if (scraper.lastTargets() < 0) {
        return withNote(
            traffic,
            "collecting: scraping the proxies has just started; rates follow within "
                + Durations.format(interval.multipliedBy(2)));
      }
      if (scraper.lastTargets() == 0) {
        return withNote(traffic, "no meshed pod with an IP to scrape");
      }
    }
    int failures = scraper.lastFailures();
    if (failures > 0) {
      String missing =
          "cannot scrape "
              + failures
              + " of "
              + scraper.lastTargets()
              + " meshed proxies (the controller's log says why); their traffic is missing";
      return withNote(traffic, traffic.note().map(note -> note + "; " + missing).orElse(missing));
    }
    return traffic;
  }

  /** Stops the scraper's thread with the application. */
  @Override
  public void close() {
    scraper.close();
  }

  private static Traffic withNote(Traffic traffic, String note) {
    return new Traffic(traffic.source(), traffic.span(), Optional.of(note), traffic.series());
  }
}
