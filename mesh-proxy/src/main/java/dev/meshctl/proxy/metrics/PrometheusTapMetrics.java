package dev.meshctl.proxy.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Prometheus backend of {@link TapMetrics}: {@code tap_streams_open} (a gauge read when
 * scraped) and {@code tap_events_dropped_total}.
 */
final class PrometheusTapMetrics implements TapMetrics {

  private final AtomicInteger open = new AtomicInteger();
  private final CounterDataPoint dropped;

  PrometheusTapMetrics(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("tap_streams_open")
        .help("Number of tap streams open now.")
        .callback(gauge -> gauge.call(open.get()))
        .register(registry);
    // Exposed as tap_events_dropped_total (the client adds "_total" back to a counter's name).
    dropped =
        Counter.builder()
            .name("tap_events_dropped_total")
            .help(
                "Total count of tap events not delivered: requests over a tap's rate limit, and"
                    + " events that did not fit the buffer of a tap whose client reads too slowly.")
            .withoutExemplars()
            .register(registry)
            .labelValues();
  }

  @Override
  public void streamOpened() {
    open.incrementAndGet();
  }

  @Override
  public void streamClosed() {
    open.decrementAndGet();
  }

  @Override
  public void eventsDropped(long count) {
    dropped.inc(count);
  }
}
