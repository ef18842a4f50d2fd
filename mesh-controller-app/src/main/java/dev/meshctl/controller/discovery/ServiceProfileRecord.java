package dev.meshctl.controller.discovery;

import dev.meshctl.api.destination.RetryBudget;
import dev.meshctl.api.destination.Route;
import dev.meshctl.api.destination.WeightedDst;
import java.util.List;
import java.util.Optional;

/**
 * A ServiceProfile ({@code serviceprofiles.meshctl.dev}), its spec already in the wire form. As in
 * Linkerd, it is named for the fully qualified name of the Service it describes ({@code
 * books.demo.svc.cluster.local}) and lives in that Service's namespace.
 *
 * @param routes in order
 * @param retryBudget the profile's budget; empty for the default one
 * @param dstOverrides its traffic split; an HTTPRoute on the same Service wins over it
 */
public record ServiceProfileRecord(
    ObjectKey key,
    List<Route> routes,
    Optional<RetryBudget> retryBudget,
    List<WeightedDst> dstOverrides)
    implements DiscoveryObject {

  public ServiceProfileRecord {
    routes = List.copyOf(routes);
    dstOverrides = List.copyOf(dstOverrides);
  }

  @Override
  public Kind kind() {
    return Kind.SERVICE_PROFILE;
  }
}
