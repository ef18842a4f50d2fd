package dev.meshctl.controller.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/v1/routes}: golden metrics per route of the outbound traffic of a resource.
 *
 * @param note why the answer may be incomplete; absent when it is whole
 */
public record RoutesView(
    String window,
    String source,
    @JsonInclude(JsonInclude.Include.NON_NULL) String note,
    List<Row> rows) {

  /** The route requests matched no route of. */
  public static final String DEFAULT_ROUTE = "[DEFAULT]";

  public RoutesView {
    rows = List.copyOf(rows);
  }

  /**
   * @param route the ServiceProfile route's name, or {@value #DEFAULT_ROUTE}
   * @param authority the destination the route belongs to
   */
  public record Row(
      String route,
      String authority,
      Double successRate,
      double rps,
      Double latencyP50Ms,
      Double latencyP95Ms,
      Double latencyP99Ms) {}
}
