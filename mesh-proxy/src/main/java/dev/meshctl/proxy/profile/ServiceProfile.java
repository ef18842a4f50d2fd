package dev.meshctl.proxy.profile;

import java.util.List;
import java.util.Objects;

/**
 * How a destination's requests are treated, as the spec of a Linkerd ServiceProfile: ordered
 * routes, each with a condition, retryability and a timeout, and one retry budget for the whole
 * destination. Immutable; equal profiles compare equal, so a reload that does not change a profile
 * is no change.
 *
 * @param routes in order: the first whose condition matches is the request's route
 * @param retryBudget how many retries the destination's retryable routes may make together
 * @param dstOverrides a traffic split: each request goes to one of these backends, chosen by
 *     weight, and is balanced over that backend's endpoints; empty for none (the destination's own
 *     endpoints)
 */
public record ServiceProfile(
    List<RouteSpec> routes, RetryBudgetSpec retryBudget, List<WeightedDst> dstOverrides) {

  private static final ServiceProfile NONE = new ServiceProfile(List.of(), RetryBudgetSpec.DEFAULT);

  public ServiceProfile {
    routes = List.copyOf(routes);
    Objects.requireNonNull(retryBudget, "retryBudget");
    dstOverrides = List.copyOf(dstOverrides);
    if (!dstOverrides.isEmpty()
        && dstOverrides.stream().mapToLong(WeightedDst::weight).sum() == 0) {
      throw new IllegalArgumentException(
          "dstOverrides: every weight is 0; at least one backend must take traffic");
    }
  }

  /** A profile without a traffic split. */
  public ServiceProfile(List<RouteSpec> routes, RetryBudgetSpec retryBudget) {
    this(routes, retryBudget, List.of());
  }

  /** No routes (every request takes the default route) and the default retry budget. */
  public static ServiceProfile none() {
    return NONE;
  }

  /**
   * The route of a request: the first whose condition matches, else {@link
   * RouteSpec#defaultRoute()}. Called per request; allocates nothing beyond regex matchers.
   *
   * @param method the request method, as sent (methods are case-sensitive)
   * @param path the request path, as sent; a query, from the first {@code ?}, is ignored
   */
  public RouteSpec route(String method, String path) {
    for (int i = 0; i < routes.size(); i++) {
      RouteSpec route = routes.get(i);
      if (route.condition().matches(method, path)) {
        return route;
      }
    }
    return RouteSpec.defaultRoute();
  }
}
