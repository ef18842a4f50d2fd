package dev.meshctl.web.api;

import java.util.List;

/**
 * The envelope of the controller's metrics API ({@code stat}, {@code routes}, {@code edges}): the
 * span the rates cover, where they came from, why they may be incomplete, and the rows.
 */
public record MetricsAnswer<T>(String window, String source, String note, List<T> rows) {

  public MetricsAnswer {
    rows = rows == null ? List.of() : List.copyOf(rows);
  }
}
