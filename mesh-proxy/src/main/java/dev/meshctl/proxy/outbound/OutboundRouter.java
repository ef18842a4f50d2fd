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
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

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

  @Override
  public Route route(HttpRequest request, ConnectionContext connection) {
    Optional<Authority> authority = RequestAuthority.of(request);
    Optional<Destination> destination = authority.flatMap(destinations::lookup);
    if (destination.isPresent()) {
      Destination dst = destination.get();
      String label = dst.authority().toString();
      if (dst.endpoints().isEmpty()) {
        return new Route.Reject(ProxyError.NO_ENDPOINTS, label, label);
      }
      LoadBalancer balancer = balancers.forDestination(dst.authority());
      List<InetSocketAddress> order = balancer.order(dst.endpoints());
      if (order.isEmpty()) {
        return new Route.Reject(ProxyError.FAILING_FAST, label, label);
      }
      RouteSpec spec = dst.profile().route(request.method().name(), path(request.uri()));
      return new Route.Forward(
          label,
          order,
          policies.policy(dst, spec),
          new BalancerFeedback(balancer),
          dst.identities());
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
