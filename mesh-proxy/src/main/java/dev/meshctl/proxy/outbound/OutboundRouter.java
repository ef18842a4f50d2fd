package dev.meshctl.proxy.outbound;

import dev.meshctl.proxy.balance.RoundRobinBalancer;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.http.HttpRouter;
import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.http.RequestAuthority;
import dev.meshctl.proxy.http.Route;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Routes the application's outgoing requests by the authority they name: a known destination's
 * endpoints, balanced; else, for a redirected connection, the address the application dialled; else
 * a 502 that says the authority is unknown.
 */
public final class OutboundRouter implements HttpRouter {

  private final DestinationSource destinations;
  private final RoundRobinBalancer balancer;

  public OutboundRouter(DestinationSource destinations, RoundRobinBalancer balancer) {
    this.destinations = destinations;
    this.balancer = balancer;
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
      return new Route.Forward(label, balancer.order(dst.authority(), dst.endpoints()));
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

  @Override
  public void connectFailed(InetSocketAddress endpoint) {
    balancer.connectFailed(endpoint);
  }
}
