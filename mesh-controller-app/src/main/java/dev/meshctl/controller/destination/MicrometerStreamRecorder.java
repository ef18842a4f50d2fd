package dev.meshctl.controller.destination;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Destination API's metrics, as Prometheus shows them, each series present from the start:
 *
 * <ul>
 *   <li>{@code destination_streams_open{kind="get|profile"}}: streams open now
 *   <li>{@code destination_updates_sent_total{kind="get|profile"}}: messages sent on them
 * </ul>
 */
public final class MicrometerStreamRecorder implements StreamRecorder {

  private final Map<Kind, AtomicInteger> open = new EnumMap<>(Kind.class);
  private final Map<Kind, Counter> sent = new EnumMap<>(Kind.class);

  public MicrometerStreamRecorder(MeterRegistry registry) {
    for (Kind kind : Kind.values()) {
      AtomicInteger count = new AtomicInteger();
      open.put(kind, count);
      Gauge.builder("destination.streams.open", count, AtomicInteger::get)
          .description("Destination API streams open, by kind")
          .tag("kind", kind.label())
          .register(registry);
      sent.put(
          kind,
          Counter.builder("destination.updates.sent")
              .description("Messages sent on Destination API streams, by kind")
              .tag("kind", kind.label())
              .register(registry));
    }
  }

  @Override
  public void opened(Kind kind) {
    open.get(kind).incrementAndGet();
  }

  @Override
  public void closed(Kind kind) {
    open.get(kind).decrementAndGet();
  }

  @Override
  public void sent(Kind kind) {
    sent.get(kind).increment();
  }
}
