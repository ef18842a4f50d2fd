package dev.meshctl.controller.metrics;

import java.util.List;

/**
 * How much a counter grew across successive samples, as Prometheus's {@code increase} counts it
 * without extrapolation: a value lower than the one before is a reset (the proxy restarted), after
 * which the counter counts from zero again, so its whole value is growth. A series absent from a
 * sample (the proxy had not seen such a request yet, or restarted) counts as zero there: the proxy
 * creates a series on its first request.
 */
final class CounterMath {

  private CounterMath() {}

  /**
   * @param values the counter's value in each sample, oldest first; {@code null} where absent
   */
  static double increase(List<Double> values) {
    double increase = 0;
    double previous = values.isEmpty() || values.get(0) == null ? 0 : values.get(0);
    for (int i = 1; i < values.size(); i++) {
      Double value = values.get(i);
      double current = value == null ? 0 : value;
      increase += current >= previous ? current - previous : current;
      previous = current;
    }
    return increase;
  }
}
