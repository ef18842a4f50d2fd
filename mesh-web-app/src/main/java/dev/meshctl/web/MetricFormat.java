package dev.meshctl.web;

import java.util.Locale;

/**
 * How the dashboard writes golden metrics: success rate as {@code 93.10%}, requests per second as
 * {@code 10.2rps}, latencies as {@code 12ms}; {@code -} where there was no request to measure.
 */
public final class MetricFormat {

  /** The success rate a workload is expected to meet; below it the row is marked. */
  public static final double SUCCESS_TARGET = 0.95;

  private MetricFormat() {}

  public static String success(Double rate) {
    return rate == null ? "-" : String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  public static String rps(double rps) {
    return String.format(Locale.ROOT, "%.1frps", rps);
  }

  /** Whole milliseconds, rounded, as Linkerd shows them. */
  public static String latency(Double ms) {
    if (ms == null) {
      return "-";
    }
    return Math.round(ms) + "ms";
  }

  public static boolean belowTarget(Double rate) {
    return rate != null && rate < SUCCESS_TARGET;
  }
}
