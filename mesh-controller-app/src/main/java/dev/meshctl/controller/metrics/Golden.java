package dev.meshctl.controller.metrics;

import java.util.OptionalDouble;

/**
 * Adds up the golden signals of several series (one resource's, one route's): successes and
 * failures per second, the latency histogram, open connections. Not thread-safe; one per row.
 */
final class Golden {

  private double successes;
  private double failures;
  private LatencyHistogram latency = LatencyHistogram.empty();
  private double connections;

  /** Adds a {@code RESPONSES}, {@code LATENCY}, {@code TCP_OPEN} or route series. */
  void add(PodSeries series) {
    double value = Double.isFinite(series.value()) ? series.value() : 0;
    switch (series.family()) {
      case RESPONSES, ROUTE_RESPONSES -> {
        if ("failure".equals(series.label("classification"))) {
          failures += value;
        } else {
          successes += value;
        }
      }
      case LATENCY, ROUTE_LATENCY -> {
        double bound = upperBound(series.label("le"));
        if (!Double.isNaN(bound)) {
          latency = latency.with(bound, value);
        }
      }
      case TCP_OPEN -> connections += value;
    }
  }

  double rps() {
    return successes + failures;
  }

  /** Null without requests. */
  Double successRate() {
    double total = successes + failures;
    return total > 0 ? successes / total : null;
  }

  /** Null without requests. */
  Double latency(double quantile) {
    if (!(rps() > 0)) {
      return null;
    }
    OptionalDouble value = latency.quantile(quantile);
    return value.isPresent() ? value.getAsDouble() : null;
  }

  long connections() {
    return Math.round(connections);
  }

  private static double upperBound(String le) {
    if (le.equals("+Inf") || le.equals("Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(le);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
