package dev.meshctl.controller.api;

import java.util.List;

/**
 * A Service: {@code GET /api/v1/namespaces/{ns}/services}.
 *
 * @param clusterIp null for a headless Service
 * @param endpoints how many endpoints of its EndpointSlices are ready
 * @param hasProfile whether a ServiceProfile describes it
 */
public record ServiceView(
    String name, String clusterIp, List<Port> ports, int endpoints, boolean hasProfile) {

  public ServiceView {
    ports = List.copyOf(ports);
  }

  /**
   * @param name empty for the one unnamed port of a Service
   * @param targetPort a number or a container port's name
   */
  public record Port(String name, int port, String targetPort) {}
}
