package dev.meshctl.proxy.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connection metrics of one label set, every data point resolved once at creation. The open
 * connection count is a plain adder that {@code tcp_open_connections} reads when scraped.
 */
final class PrometheusTcpMetrics implements TcpMetrics {

  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private final CounterDataPoint opened;
  private final CounterDataPoint closed;
  private final LongAdder open = new LongAdder();
  private final CounterDataPoint readBytes;
  private final CounterDataPoint writeBytes;
  private final DistributionDataPoint duration;

  PrometheusTcpMetrics(
      CounterDataPoint opened,
      CounterDataPoint closed,
      CounterDataPoint readBytes,
      CounterDataPoint writeBytes,
      DistributionDataPoint duration) {
    this.opened = opened;
    this.closed = closed;
    this.readBytes = readBytes;
    this.writeBytes = writeBytes;
    this.duration = duration;
  }

  @Override
  public void opened() {
    opened.inc();
    open.increment();
  }

  @Override
  public void closed(long durationNanos) {
    closed.inc();
    open.decrement();
    duration.observe(durationNanos / NANOS_PER_MILLI);
  }

  @Override
  public void read(long bytes) {
    readBytes.inc(bytes);
  }

  @Override
  public void written(long bytes) {
    writeBytes.inc(bytes);
  }

  long openConnections() {
    return open.sum();
  }
}
