package dev.meshctl.controller.metrics;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scrape of one proxy, reduced to the series the API reads ({@link MetricFamily}): labels it
 * does not keep are summed away, so that a sample holds a few dozen numbers, not the whole page.
 *
 * @param at when the scrape was answered
 */
public record ProxySample(Instant at, Map<SeriesKey, Double> values) {

  /** A reduced series: its family and the values of the family's kept labels. */
  public record SeriesKey(MetricFamily family, Map<String, String> labels) {
    public SeriesKey {
      Objects.requireNonNull(family, "family");
      labels = Map.copyOf(labels);
    }
  }

  public ProxySample {
    Objects.requireNonNull(at, "at");
    values = Map.copyOf(values);
  }

  /** Reduces a parsed {@code /metrics} page. */
  public static ProxySample of(Instant at, List<ExpositionSample> samples) {
    Map<SeriesKey, Double> values = new HashMap<>();
    for (ExpositionSample sample : samples) {
      MetricFamily.ofMetric(sample.name())
          .ifPresent(
              family -> {
                Map<String, String> kept = new HashMap<>();
                for (String label : family.labels()) {
                  kept.put(label, sample.label(label));
                }
                values.merge(new SeriesKey(family, kept), sample.value(), Double::sum);
              });
    }
    return new ProxySample(at, values);
  }
}
