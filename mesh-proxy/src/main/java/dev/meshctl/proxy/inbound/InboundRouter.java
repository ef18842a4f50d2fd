package dev.meshctl.proxy.inbound;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.http.HttpRouter;
import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.http.RequestAuthority;
import dev.meshctl.proxy.http.Route;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Routes requests that arrive for the local application: to the configured forward address, or, for
 * a redirected connection, to the application's port on loopback.
 */
public final class InboundRouter implements HttpRouter {

  private final Optional<InetSocketAddress> forwardAddr;

  public InboundRouter(Optional<InetSocketAddress> forwardAddr) {
    this.forwardAddr = forwardAddr;
  }

  /** Where an inbound connection goes: the forward address, else loopback at the original port. */
  public static Optional<InetSocketAddress> target(
      Optional<InetSocketAddress> forwardAddr, ConnectionContext connection) {
    if (forwardAddr.isPresent()) {
      return forwardAddr;
    }
    return connection
        .originalDst()
        .map(dst -> new InetSocketAddress(InetAddress.getLoopbackAddress(), dst.getPort()));
  }

  @Override
  public Route route(HttpRequest request, ConnectionContext connection) {
    String label = RequestAuthority.of(request).map(Authority::toString).orElse("");
    return target(forwardAddr, connection)
        .<Route>map(target -> new Route.Forward(label, List.of(target)))
        .orElseGet(
            () ->
                new Route.Reject(
                    ProxyError.NO_DESTINATION,
                    "(inbound: MESH_PROXY_INBOUND_FORWARD_ADDR is not set and the connection was"
                        + " not redirected)",
                    label));
  }
}
