package dev.meshctl.proxy.outbound;

import dev.meshctl.proxy.balance.LoadBalancer;
import dev.meshctl.proxy.balance.LoadBalancers;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.http.HttpRouter;
import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.http.RequestAuthority;
import dev.meshctl.proxy.http.Route;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.WeightedDst;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Routes the application's outgoing requests by the authority they name: a known destination's
 * endpoints, balanced by power of two choices over PeakEWMA load with failing endpoints ejected;
 * else, for a redirected connection, the address the application dialled; else a 502 that says the
 * authority is unknown.
 */
public final class OutboundRouter implements HttpRouter {

  private final DestinationSource destinations;
  private final LoadBalancers balancers;
  private final RoutePolicies policies;

  public OutboundRouter(
      DestinationSource destinations, LoadBalancers balancers, ProxyMetrics metrics) {
    this.destinations = destinations;
    this.balancers = balancers;
    this.policies = new RoutePolicies(metrics);
  }

  /** The path of an origin-form or absolute-form request target. */
  private static String path(String uri) {
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return uri;
  }

  /** One backend of a split, chosen at random in proportion to the weights. */
  private static Authority pick(List<WeightedDst> split) {
    long total = 0;
    for (int i = 0; i < split.size(); i++) {
      total += split.get(i).weight();
    }
    long ticket = ThreadLocalRandom.current().nextLong(total);
    for (int i = 0; i < split.size(); i++) {
      ticket -= split.get(i).weight();
      if (ticket < 0) {
        return split.get(i).authority();
      }
    }
    return split.get(split.size() - 1).authority();
  }

  @Override
  public Route route(HttpRequest request, ConnectionContext connection) {
    Optional<Authority> authority = RequestAuthority.of(request);
    Optional<Destination> destination = authority.flatMap(destinations::lookup);
    if (destination.isPresent()) {
      Destination dst = destination.get();
      String label = dst.authority().toString();
      // The logical destination gives the routes; a traffic split picks the concrete backend
      // whose endpoints take this request.
      Destination concrete = dst;
      List<WeightedDst> split = dst.profile().dstOverrides();
      if (!split.isEmpty()) {
        Authority backend = pick(split);
        if (!backend.equals(dst.authority())) {
          Optional<Destination> found = destinations.lookup(backend);
          if (found.isEmpty()) {
            return new Route.Reject(
                ProxyError.NO_DESTINATION, backend + " (a backend of " + label + ")", label);
          }
          concrete = found.get();
        }
      }
      String concreteLabel =
          concrete == dst ? label : concrete.authority() + " (a backend of " + label + ")";
      if (concrete.endpoints().isEmpty()) {
        return new Route.Reject(ProxyError.NO_ENDPOINTS, concreteLabel, label);
      }
      LoadBalancer balancer = balancers.forDestination(concrete.authority());
      List<InetSocketAddress> order = balancer.order(concrete.endpoints());
      if (order.isEmpty()) {
        return new Route.Reject(ProxyError.FAILING_FAST, concreteLabel, label);
      }
      RouteSpec spec = dst.profile().route(request.method().name(), path(request.uri()));
      return new Route.Forward(
          label,
          order,
          policies.policy(dst, spec),
          new BalancerFeedback(balancer),
          concrete.identities());
    }
    if (connection.originalDst().isPresent()) {
      InetSocketAddress original = connection.originalDst().get();
      return new Route.Forward("", List.of(original));
    }
    if (authority.isEmpty()) {
      return new Route.Reject(ProxyError.NO_AUTHORITY, "", "");
    }
    return new Route.Reject(ProxyError.NO_DESTINATION, authority.get().toString(), "");
  }
}
