package dev.meshctl.controller.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * One reduced series of one proxy over a window, what every {@link MetricsSource} answers: for a
 * counter its per-second rate over the window, for a gauge its latest value.
 *
 * @param labels the family's kept labels ({@link MetricFamily#labels()}), missing ones as {@code
 *     ""}
 */
public record PodSeries(PodRef pod, MetricFamily family, Map<String, String> labels, double value) {

  public PodSeries {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(family, "family");
    labels = Map.copyOf(labels);
  }

  public String label(String name) {
    return labels.getOrDefault(name, "");
  }
}
