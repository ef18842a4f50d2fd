package dev.meshctl.controller.bench;

import java.util.Arrays;

/** Percentiles of a set of propagation times, in milliseconds (nearest rank). */
record LatencySummary(int count, double p50, double p99, double max) {

  static LatencySummary of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        sorted.length,
        rank(sorted, 0.50) / 1e6,
        rank(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
