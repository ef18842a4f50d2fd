package dev.meshctl.controller.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/v1/stat}: golden metrics per resource.
 *
 * @param window the span the rates are over: the one asked, or less when less is known (see note)
 * @param source {@code proxies} or {@code prometheus}
 * @param note why the answer may be incomplete; absent when it is whole
 */
public record StatView(
    String window,
    String source,
    @JsonInclude(JsonInclude.Include.NON_NULL) String note,
    List<Row> rows) {

  public StatView {
    rows = List.copyOf(rows);
  }

  /**
   * @param successRate null without requests in the window
   * @param latencyP50Ms null without requests in the window (as the other percentiles)
   * @param tcpConnections open connections at the window's end
   */
  public record Row(
      String namespace,
      String kind,
      String name,
      int meshedPods,
      int pods,
      Double successRate,
      double rps,
      Double latencyP50Ms,
      Double latencyP95Ms,
      Double latencyP99Ms,
      long tcpConnections) {}
}
