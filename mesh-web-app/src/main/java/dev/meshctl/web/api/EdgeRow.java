package dev.meshctl.web.api;

/**
 * A row of {@code GET /api/v1/edges}: who called whom, the identities at both ends (null when not
 * meshed or not mTLS) and whether every request of the edge was mTLS.
 */
public record EdgeRow(
    Resource src, Resource dst, String clientId, String serverId, boolean secured, double rps) {

  /** One end of an edge. */
  public record Resource(String namespace, String kind, String name) {}
}
