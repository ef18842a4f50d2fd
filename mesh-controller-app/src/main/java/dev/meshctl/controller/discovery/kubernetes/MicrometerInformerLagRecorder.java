package dev.meshctl.controller.discovery.kubernetes;

import dev.meshctl.controller.discovery.DiscoveryObject;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The informers' lag as Prometheus shows it, one series per {@code kind} ({@code service}, {@code
 * endpointslice}, {@code pod}, {@code serviceprofile}, {@code httproute}):
 *
 * <ul>
 *   <li>{@code discovery_informer_lag_seconds}: a histogram (with {@code _max}) of the time from
 *       the API server's record of a change to the controller applying it. The server's timestamps
 *       are whole seconds, so a lag reads up to a second long and the buckets start at one second.
 *   <li>{@code discovery_last_event_timestamp_seconds}: when the controller last applied an event
 *       of the kind, in seconds since the Unix epoch; NaN before the first.
 * </ul>
 */
public final class MicrometerInformerLagRecorder implements InformerLagRecorder {

  /** Bucket bounds: meaningful at the timestamps' one-second resolution. */
  static final Duration[] BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(3),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5)
  };

  private final Map<DiscoveryObject.Kind, Timer> lags = new EnumMap<>(DiscoveryObject.Kind.class);

  /** Per kind, the last event's time in milliseconds since the epoch; -1 before the first. */
  private final Map<DiscoveryObject.Kind, AtomicLong> lastEvent =
      new EnumMap<>(DiscoveryObject.Kind.class);

  public MicrometerInformerLagRecorder(MeterRegistry registry) {
    for (DiscoveryObject.Kind kind : DiscoveryObject.Kind.values()) {
      String label = label(kind);
      lags.put(
          kind,
          Timer.builder("discovery.informer.lag")
              .description(
                  "Time from the API server's record of a change (whole seconds) to the controller"
                      + " applying it")
              .tag("kind", label)
              .serviceLevelObjectives(BUCKETS)
              .register(registry));
      AtomicLong last = new AtomicLong(-1);
      lastEvent.put(kind, last);
      Gauge.builder(
              "discovery.last.event.timestamp",
              last,
              millis -> millis.get() < 0 ? Double.NaN : millis.get() / 1000.0)
          .description("When the controller last applied an informer event, since the Unix epoch")
          .baseUnit("seconds")
          .tag("kind", label)
          .register(registry);
    }
  }

  /** The {@code kind} label: the Kubernetes kind in lower case. */
  static String label(DiscoveryObject.Kind kind) {
    return kind.name().replace("_", "").toLowerCase(Locale.ROOT);
  }

  @Override
  public void applied(DiscoveryObject.Kind kind, Instant appliedAt) {
    lastEvent.get(kind).set(appliedAt.toEpochMilli());
  }

  @Override
  public void lag(DiscoveryObject.Kind kind, Duration lag) {
    lags.get(kind).record(lag);
  }
}
