package dev.meshctl.bench.load;

import org.HdrHistogram.Histogram;

/** Latency percentiles of a run, in milliseconds. */
public record Latency(double p50, double p90, double p99, double p999, double max) {

  static Latency of(Histogram nanos) {
    return new Latency(
        millis(nanos.getValueAtPercentile(50)),
        millis(nanos.getValueAtPercentile(90)),
        millis(nanos.getValueAtPercentile(99)),
        millis(nanos.getValueAtPercentile(99.9)),
        millis(nanos.getMaxValue()));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
