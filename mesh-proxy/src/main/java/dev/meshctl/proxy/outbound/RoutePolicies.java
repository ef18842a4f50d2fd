package dev.meshctl.proxy.outbound;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.http.RoutePolicy;
import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.profile.RetryBudget;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link RoutePolicy} of each route of each destination, built once per service profile and
 * shared by the requests: the route's metrics resolved, and the destination's one retry budget,
 * which lives as long as the destination's budget settings stay the same (a profile edited
 * elsewhere keeps the budget's history; a new ratio starts a new budget).
 */
final class RoutePolicies {

  private final ProxyMetrics metrics;
  private final Map<Authority, Table> tables = new ConcurrentHashMap<>();

  RoutePolicies(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  /** The policy of {@code route}, which must be one of {@code destination}'s profile's routes. */
  RoutePolicy policy(Destination destination, RouteSpec route) {
    Table table = tables.get(destination.authority());
    if (table == null || !table.isFor(destination.profile())) {
      table = tables.compute(destination.authority(), (a, old) -> refresh(destination, old));
    }
    return table.policy(route);
  }

  private Table refresh(Destination destination, Table old) {
    ServiceProfile profile = destination.profile();
    if (old != null && old.isFor(profile)) {
      return old; // another thread refreshed it first
    }
    RetryBudget budget =
        old != null && old.budget.spec().equals(profile.retryBudget())
            ? old.budget
            : RetryBudget.create(profile.retryBudget());
    String dst = destination.authority().toString();
    List<RouteSpec> routes = profile.routes();
    RoutePolicy[] policies = new RoutePolicy[routes.size() + 1];
    for (int i = 0; i < routes.size(); i++) {
      policies[i] = policy(dst, routes.get(i), budget);
    }
    policies[routes.size()] = policy(dst, RouteSpec.defaultRoute(), budget);
    return new Table(profile, budget, policies);
  }

  private RoutePolicy policy(String dst, RouteSpec route, RetryBudget budget) {
    return new RoutePolicy(
        route, Optional.of(budget), metrics.route(Direction.OUTBOUND, dst, route.name()));
  }

  /** One destination's policies, in the order of its profile's routes, the default route last. */
  private record Table(ServiceProfile profile, RetryBudget budget, RoutePolicy[] policies) {

    /** Whether this table was built for {@code other}, or for a profile equal to it. */
    boolean isFor(ServiceProfile other) {
      return profile == other || profile.equals(other);
    }

    /**
     * The policy of a route of this table's profile: found by identity (the route came from this
     * very profile) or else by equality (from an equal profile another lookup returned).
     */
    RoutePolicy policy(RouteSpec route) {
      List<RouteSpec> routes = profile.routes();
      for (int i = 0; i < routes.size(); i++) {
        if (routes.get(i) == route) {
          return policies[i];
        }
      }
      for (int i = 0; i < routes.size(); i++) {
        if (routes.get(i).equals(route)) {
          return policies[i];
        }
      }
      return policies[routes.size()];
    }
  }
}
