package dev.meshctl.proxy.discovery.remote;

import io.grpc.Status;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The Prometheus backend of {@link DestinationClientMetrics}: {@code destination_streams_open},
 * {@code destination_updates_total} and {@code destination_stream_errors_total} by {@code kind}
 * ({@code get}, {@code profile}), the last with the gRPC status {@code code} name, and {@code
 * destination_last_update_timestamp_seconds}, which has no sample until the first message (a zero
 * would read as "last heard from in 1970").
 */
final class PrometheusDestinationClientMetrics implements DestinationClientMetrics {

  private final LongSupplier wallClockMillis;
  private final Map<Kind, CounterDataPoint> updates = new EnumMap<>(Kind.class);
  private final Counter errors;

  /** Open streams per kind, by ordinal; read when scraped. */
  private final AtomicLongArray open = new AtomicLongArray(Kind.values().length);

  private volatile long lastUpdateMillis = -1;

  /**
   * @param wallClockMillis the time of an update, in milliseconds since the Unix epoch
   */
  PrometheusDestinationClientMetrics(PrometheusRegistry registry, LongSupplier wallClockMillis) {
    Objects.requireNonNull(registry, "registry");
    this.wallClockMillis = Objects.requireNonNull(wallClockMillis, "wallClockMillis");
    GaugeWithCallback.builder()
        .name("destination_streams_open")
        .help("Number of streams to the destination service that are open and answering.")
        .labelNames("kind")
        .callback(
            gauge -> {
              for (Kind kind : Kind.values()) {
                gauge.call(open.get(kind.ordinal()), kind.label());
              }
            })
        .register(registry);
    // Exposed as destination_updates_total and destination_stream_errors_total (the client adds
    // "_total" back to a counter's name).
    Counter received =
        Counter.builder()
            .name("destination_updates_total")
            .help("Total count of messages received from the destination service.")
            .labelNames("kind")
            .withoutExemplars()
            .register(registry);
    for (Kind kind : Kind.values()) {
      updates.put(kind, received.labelValues(kind.label()));
    }
    errors =
        Counter.builder()
            .name("destination_stream_errors_total")
            .help(
                "Total count of streams to the destination service that ended with an error,"
                    + " by gRPC status code.")
            .labelNames("kind", "code")
            .withoutExemplars()
            .register(registry);
    GaugeWithCallback.builder()
        .name("destination_last_update_timestamp_seconds")
        .help(
            "Time of the last message from the destination service, in seconds since the Unix"
                + " epoch.")
        .callback(
            gauge -> {
              long millis = lastUpdateMillis;
              if (millis >= 0) {
                gauge.call(millis / 1000.0);
              }
            })
        .register(registry);
  }

  @Override
  public void streamOpened(Kind kind) {
    open.incrementAndGet(kind.ordinal());
  }

  @Override
  public void streamClosed(Kind kind) {
    open.decrementAndGet(kind.ordinal());
  }

  @Override
  public void updateReceived(Kind kind) {
    updates.get(kind).inc();
    lastUpdateMillis = wallClockMillis.getAsLong();
  }

  @Override
  public void streamFailed(Kind kind, Status.Code code) {
    errors.labelValues(kind.label(), code.name()).inc();
  }
}
