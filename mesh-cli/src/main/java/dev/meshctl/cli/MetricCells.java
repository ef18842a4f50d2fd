package dev.meshctl.cli;

import java.util.Locale;

/**
 * How the metrics tables show numbers: success as {@code 93.10%}, throughput as {@code 10.2rps},
 * latency as {@code 2ms}, and {@code -} for a metric with no requests behind it.
 */
final class MetricCells {

  static final String NONE = "-";

  private MetricCells() {}

  static String successRate(Double ratio) {
    return ratio == null ? NONE : String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }

  static String rps(double rps) {
    return String.format(Locale.ROOT, "%.1frps", rps);
  }

  /**
   * Whole milliseconds, as Linkerd shows them; a latency under half a millisecond shows as {@code
   * <1ms} rather than a misleading {@code 0ms}.
   */
  static String latency(Double millis) {
    if (millis == null) {
      return NONE;
    }
    if (millis > 0 && millis < 0.5) {
      return "<1ms";
    }
    return Math.round(millis) + "ms";
  }

  static String count(Long value) {
    return value == null ? NONE : Long.toString(value);
  }
}
