package dev.meshctl.controller.api;

import java.util.List;

/**
 * One endpoint of a Service's EndpointSlices, with its conditions as written (an unset {@code
 * ready} or {@code serving} counts as true): {@code GET
 * /api/v1/namespaces/{ns}/services/{name}/endpoints}.
 *
 * @param ip its first address, the one Kubernetes uses
 * @param ports the ports of its EndpointSlice, named as the Service's ports
 * @param pod the pod it is (by {@code targetRef}, else by IP); null when unknown
 * @param identity the TLS identity of a meshed pod; null otherwise
 */
public record EndpointView(
    String ip,
    List<Port> ports,
    boolean ready,
    boolean serving,
    boolean terminating,
    String pod,
    boolean meshed,
    String identity) {

  public EndpointView {
    ports = List.copyOf(ports);
  }

  public record Port(String name, int port) {}
}
