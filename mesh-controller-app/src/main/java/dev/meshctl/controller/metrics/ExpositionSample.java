package dev.meshctl.controller.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * One line of a Prometheus text exposition: a series (name and labels) and its value; what {@link
 * ExpositionParser} reads from a proxy's {@code /metrics}.
 *
 * @param name the sample's name as written ({@code response_latency_ms_bucket}, not the family's)
 * @param labels label names to values; an empty value is kept (Prometheus treats it as absent)
 */
public record ExpositionSample(String name, Map<String, String> labels, double value) {

  public ExpositionSample {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
  }

  /** The label's value, or {@code ""} when the sample has no such label. */
  public String label(String label) {
    return labels.getOrDefault(label, "");
  }
}
