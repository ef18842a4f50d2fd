package dev.meshctl.controller.discovery;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Service, as far as discovery needs it.
 *
 * @param clusterIp the ClusterIP; empty for a headless Service ({@code None})
 * @param ports the Service's ports
 * @param opaquePorts ports whose traffic is opaque TCP ({@code config.meshctl.dev/opaque-ports})
 */
public record ServiceRecord(
    ObjectKey key, Optional<String> clusterIp, List<Port> ports, Set<Integer> opaquePorts)
    implements DiscoveryObject {

  public ServiceRecord {
    ports = List.copyOf(ports);
    opaquePorts = Set.copyOf(opaquePorts);
  }

  /**
   * One port of a Service.
   *
   * @param name the port's name; empty when the Service has one unnamed port
   * @param port the port clients address
   * @param targetPort the pod's port, a number or a container port's name
   */
  public record Port(String name, int port, String targetPort) {}

  @Override
  public Kind kind() {
    return Kind.SERVICE;
  }

  /** The port clients address as {@code port}, if the Service has one. */
  public Optional<Port> port(int port) {
    return ports.stream().filter(p -> p.port() == port).findFirst();
  }
}
