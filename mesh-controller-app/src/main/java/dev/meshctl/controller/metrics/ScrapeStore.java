package dev.meshctl.controller.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The samples of every scraped proxy, one {@link SampleRing} per pod, kept for the retention
 * period; answers {@link Traffic} over a window from counter deltas. Pods that vanish keep their
 * samples until the retention passes, so that a window still counts their traffic. Spring-free;
 * time is given by the caller, so tests drive it.
 */
final class ScrapeStore {

  private final Duration retention;
  private final Duration interval;
  private final Map<String, SampleRing> rings = new ConcurrentHashMap<>();

  /**
   * @param retention how long samples are kept
   * @param interval the scrape interval, to say when the first rates can be expected
   */
  ScrapeStore(Duration retention, Duration interval) {
    this.retention = retention;
    this.interval = interval;
  }

  void record(PodRef pod, ProxySample sample) {
    rings
        .computeIfAbsent(pod.namespace() + "/" + pod.name(), k -> new SampleRing(pod))
        .add(pod, sample);
  }

  /** Drops what is older than the retention, and the pods left without samples. */
  void prune(Instant now) {
    Instant oldest = now.minus(retention);
    rings.values().removeIf(ring -> ring.pruneBefore(oldest));
  }

  void clear() {
    rings.clear();
  }

  /**
   * The rates of the last {@code window} before {@code now}. A window longer than the retention, or
   * than the samples taken so far, is computed over what there is: {@link Traffic#span()} says how
   * long that is and {@link Traffic#note()} says why.
   */
  Traffic traffic(Optional<String> namespace, Duration window, Instant now) {
    List<PodSeries> series = new ArrayList<>();
    Duration span = Duration.ZERO;
    int pods = 0;
    for (Map.Entry<String, SampleRing> entry : rings.entrySet()) {
      if (namespace.isPresent() && !entry.getKey().startsWith(namespace.get() + "/")) {
        continue;
      }
      Optional<SampleRing.Rates> rates = entry.getValue().rates(now, window);
      if (rates.isEmpty()) {
        continue;
      }
      pods++;
      series.addAll(rates.get().series());
      if (rates.get().span().compareTo(span) > 0) {
        span = rates.get().span();
      }
    }
    Optional<String> note = Optional.empty();
    if (pods > 0 && span.isZero()) {
      note =
          Optional.of(
              "collecting: the first samples are taken; rates follow after the next scrape, within "
                  + Durations.format(interval));
    } else if (pods > 0 && span.plus(interval).compareTo(window) < 0) {
      note =
          Optional.of(
              "only "
                  + Durations.format(span)
                  + " of samples "
                  + (window.compareTo(retention) > 0
                      ? "are retained (mesh.metrics.retention is "
                          + Durations.format(retention)
                          + ")"
                      : "so far")
                  + "; rates are over that span");
    }
    return new Traffic(
        ScrapedMetrics.SOURCE, span.isZero() || note.isEmpty() ? window : span, note, series);
  }
}
