package dev.meshctl.cli;

/**
 * One row of {@code GET /api/v1/edges}: traffic from one resource to another, with the peers'
 * identities and whether it went over mutual TLS.
 */
record EdgeRow(
    Endpoint src, Endpoint dst, String clientId, String serverId, boolean secured, double rps) {

  /** One end of an edge. */
  record Endpoint(String namespace, String kind, String name) {}
}
