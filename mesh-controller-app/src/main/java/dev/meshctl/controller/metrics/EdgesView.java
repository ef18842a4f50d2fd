package dev.meshctl.controller.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/v1/edges}: who talks to whom among a namespace's resources in the last window.
 *
 * @param note why the answer may be incomplete; absent when it is whole
 */
public record EdgesView(
    String window,
    String source,
    @JsonInclude(JsonInclude.Include.NON_NULL) String note,
    List<Edge> rows) {

  public EdgesView {
    rows = List.copyOf(rows);
  }

  /** A resource at one end of an edge. */
  public record End(String namespace, String kind, String name) {
    static End of(ResourceKey key) {
      return new End(key.namespace(), key.kind(), key.name());
    }
  }

  /**
   * @param clientId the source's identity; null when its pods are not meshed
   * @param serverId the identity the destination proved; null when none did (plaintext)
   * @param secured whether all of this edge's requests went over mTLS
   */
  public record Edge(
      End src, End dst, String clientId, String serverId, boolean secured, double rps) {}
}
