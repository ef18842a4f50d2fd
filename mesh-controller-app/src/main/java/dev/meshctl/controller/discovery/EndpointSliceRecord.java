package dev.meshctl.controller.discovery;

import java.util.List;
import java.util.Optional;

/**
 * An EndpointSlice (discovery.k8s.io/v1): a share of the endpoints of one Service.
 *
 * @param service the Service it belongs to (label {@code kubernetes.io/service-name})
 * @param endpoints its endpoints
 * @param ports its ports, named as the Service's ports are
 */
public record EndpointSliceRecord(
    ObjectKey key, ObjectKey service, List<Endpoint> endpoints, List<Port> ports)
    implements DiscoveryObject {

  public EndpointSliceRecord {
    endpoints = List.copyOf(endpoints);
    ports = List.copyOf(ports);
  }

  /**
   * One endpoint. The conditions are as Kubernetes defines them: an unset {@code ready} or {@code
   * serving} counts as true, an unset {@code terminating} as false.
   *
   * @param addresses its IP addresses (Kubernetes uses the first)
   * @param pod the pod it is, from {@code targetRef} when that is a Pod
   */
  public record Endpoint(
      List<String> addresses,
      boolean ready,
      boolean serving,
      boolean terminating,
      Optional<String> pod) {

    public Endpoint {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * One port.
   *
   * @param name the name of the Service port it serves; empty for an unnamed one
   */
  public record Port(String name, int port) {}

  @Override
  public Kind kind() {
    return Kind.ENDPOINT_SLICE;
  }
}
