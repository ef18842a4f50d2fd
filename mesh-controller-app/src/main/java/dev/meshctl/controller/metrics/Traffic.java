package dev.meshctl.controller.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link MetricsSource} knows of the mesh's traffic over a window: every proxy's reduced
 * series, the span they really cover and a note when that is not the whole window asked for.
 *
 * @param source {@code proxies} or {@code prometheus}
 * @param span the time the rates are computed over; shorter than asked when less is retained
 * @param note why the answer may be incomplete (first samples still being collected); empty when it
 *     is whole
 */
public record Traffic(String source, Duration span, Optional<String> note, List<PodSeries> series) {

  public Traffic {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(note, "note");
    series = List.copyOf(series);
  }
}
