package dev.meshctl.controller.metrics;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A latency histogram as Prometheus keeps one: cumulative counts (or rates) per bucket upper bound
 * ({@code le}), the last bound {@code +Inf}. The counts may be a window's increases or per-second
 * rates; percentiles are the same for both. Immutable; {@link #plus} adds two (the histograms of
 * several pods or label sets), {@link #quantile} estimates a percentile.
 */
public final class LatencyHistogram {

  private static final LatencyHistogram EMPTY = new LatencyHistogram(new TreeMap<>());

  private final NavigableMap<Double, Double> cumulative;

  private LatencyHistogram(NavigableMap<Double, Double> cumulative) {
    this.cumulative = cumulative;
  }

  public static LatencyHistogram empty() {
    return EMPTY;
  }

  /** A histogram of cumulative counts per upper bound ({@link Double#POSITIVE_INFINITY} last). */
  public static LatencyHistogram of(Map<Double, Double> cumulativeByUpperBound) {
    return new LatencyHistogram(new TreeMap<>(cumulativeByUpperBound));
  }

  /** This histogram with {@code count} more in the bucket bounded by {@code upperBound}. */
  public LatencyHistogram with(double upperBound, double count) {
    TreeMap<Double, Double> sum = new TreeMap<>(cumulative);
    sum.merge(upperBound, count, Double::sum);
    return new LatencyHistogram(sum);
  }

  /** The sum of two histograms, bucket by bucket. */
  public LatencyHistogram plus(LatencyHistogram other) {
    if (other.cumulative.isEmpty()) {
      return this;
    }
    if (cumulative.isEmpty()) {
      return other;
    }
    TreeMap<Double, Double> sum = new TreeMap<>(cumulative);
    other.cumulative.forEach((le, count) -> sum.merge(le, count, Double::sum));
    return new LatencyHistogram(sum);
  }

  /** How many observations there are: the {@code +Inf} bucket's count, 0 without one. */
  public double total() {
    return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
  }

  /**
   * The {@code q}-quantile as Prometheus's {@code histogram_quantile} estimates it: the bucket
   * where the rank {@code q * total} falls, and linear interpolation between its bounds (from 0 for
   * the first bucket). A rank in the {@code +Inf} bucket answers the highest finite bound. Empty
   * when there are no observations or no {@code +Inf} bucket.
   *
   * @param q between 0 and 1
   */
  public OptionalDouble quantile(double q) {
    if (q < 0 || q > 1 || Double.isNaN(q)) {
      throw new IllegalArgumentException("quantile " + q + " is not between 0 and 1");
    }
    double total = total();
    if (!(total > 0)) {
      return OptionalDouble.empty();
    }
    double rank = q * total;
    double previousBound = 0;
    double previousCount = 0;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      double bound = bucket.getKey();
      // Cumulative counts must not decrease; added histograms may have rounding, as in Prometheus.
      double count = Math.max(bucket.getValue(), previousCount);
      if (count >= rank) {
        if (bound == Double.POSITIVE_INFINITY) {
          return OptionalDouble.of(previousBound);
        }
        if (bound <= 0 && previousCount == 0) {
          return OptionalDouble.of(bound);
        }
        double inBucket = count - previousCount;
        if (inBucket <= 0) {
          return OptionalDouble.of(bound);
        }
        return OptionalDouble.of(
            previousBound + (bound - previousBound) * ((rank - previousCount) / inBucket));
      }
      previousBound = bound;
      previousCount = count;
    }
    return OptionalDouble.of(previousBound);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyHistogram other && cumulative.equals(other.cumulative);
  }

  @Override
  public int hashCode() {
    return cumulative.hashCode();
  }

  @Override
  public String toString() {
    return "LatencyHistogram" + cumulative;
  }
}
