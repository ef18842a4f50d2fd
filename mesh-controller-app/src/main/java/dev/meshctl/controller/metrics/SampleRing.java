package dev.meshctl.controller.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The samples of one proxy, oldest first, kept for the retention period: the scraper adds one per
 * scrape, {@link ScrapeStore} prunes and reads them. Thread-safe (one lock per pod).
 */
final class SampleRing {

  /** A pod's rates over a window: {@code span} zero means one sample only, so no rate yet. */
  record Rates(Duration span, List<PodSeries> series) {}

  private final ArrayDeque<ProxySample> samples = new ArrayDeque<>();
  private PodRef pod;

  SampleRing(PodRef pod) {
    this.pod = pod;
  }

  synchronized void add(PodRef current, ProxySample sample) {
    pod = current;
    if (!samples.isEmpty() && !sample.at().isAfter(samples.peekLast().at())) {
      return; // a late answer from an earlier round: the ring stays in time order
    }
    samples.addLast(sample);
  }

  /** Drops samples taken before {@code oldest}; answers whether the ring is now empty. */
  synchronized boolean pruneBefore(Instant oldest) {
    while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
      samples.removeFirst();
    }
    return samples.isEmpty();
  }

  /**
   * The rates over the window that ends with the latest sample: from the latest sample at least
   * {@code window} older than it (or the oldest one retained) to the latest. Empty when the latest
   * sample is older than {@code now - window} (the pod has gone, or stopped answering, before the
   * window).
   */
  synchronized Optional<Rates> rates(Instant now, Duration window) {
    if (samples.isEmpty() || samples.peekLast().at().isBefore(now.minus(window))) {
      return Optional.empty();
    }
    ProxySample last = samples.peekLast();
    Instant start = last.at().minus(window);
    List<ProxySample> used = new ArrayList<>();
    for (ProxySample sample : samples) {
      if (!sample.at().isAfter(start)) {
        used.clear(); // a later sample still at or before the start is a better first one
      }
      used.add(sample);
    }
    Duration span = Duration.between(used.get(0).at(), last.at());
    List<PodSeries> series = new ArrayList<>();
    if (span.isZero()) {
      return Optional.of(new Rates(span, series));
    }
    double seconds = span.toNanos() / 1e9;
    Set<ProxySample.SeriesKey> keys = new HashSet<>();
    used.forEach(sample -> keys.addAll(sample.values().keySet()));
    for (ProxySample.SeriesKey key : keys) {
      double value;
      if (key.family().counter()) {
        List<Double> values = new ArrayList<>(used.size());
        used.forEach(sample -> values.add(sample.values().get(key)));
        value = CounterMath.increase(values) / seconds;
      } else {
        value = last.values().getOrDefault(key, 0.0);
      }
      series.add(new PodSeries(pod, key.family(), key.labels(), value));
    }
    return Optional.of(new Rates(span, series));
  }
}
