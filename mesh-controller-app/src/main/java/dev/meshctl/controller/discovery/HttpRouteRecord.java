package dev.meshctl.controller.discovery;

import java.util.List;
import java.util.Optional;

/**
 * A Gateway API HTTPRoute (gateway.networking.k8s.io/v1) attached to Services the GAMMA way: its
 * {@code parentRefs} name Services, and the weights of its {@code backendRefs} split their traffic.
 * Matches and filters of its rules are not interpreted: the backends of every rule are one split.
 *
 * @param parents the Services it attaches to (parentRefs of other kinds are left out)
 * @param backends the weighted backends of all its rules (Service backendRefs only)
 */
public record HttpRouteRecord(ObjectKey key, List<ParentRef> parents, List<BackendRef> backends)
    implements DiscoveryObject {

  public HttpRouteRecord {
    parents = List.copyOf(parents);
    backends = List.copyOf(backends);
  }

  /**
   * A Service the route attaches to.
   *
   * @param port the Service port it attaches to; empty for all of them
   */
  public record ParentRef(ObjectKey service, Optional<Integer> port) {}

  /**
   * A weighted backend Service.
   *
   * @param port its port; empty for the port the client addressed
   * @param weight its share (Gateway API default 1; 0 sends it nothing)
   */
  public record BackendRef(ObjectKey service, Optional<Integer> port, int weight) {}

  @Override
  public Kind kind() {
    return Kind.HTTP_ROUTE;
  }
}
