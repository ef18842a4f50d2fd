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
import java.util.Set;

/**
 * Routes requests that arrive for the local application: to the configured forward address, or, for
 * a redirected connection, to the application's port on loopback. A port that requires identity
 * takes only the mesh's mTLS: plaintext requests to it are refused (403), plaintext opaque
 * connections closed.
 */
public final class InboundRouter implements HttpRouter {

  private final Optional<InetSocketAddress> forwardAddr;
  private final Set<Integer> portsRequireIdentity;

  public InboundRouter(Optional<InetSocketAddress> forwardAddr) {
    this(forwardAddr, Set.of());
  }

  /**
   * @param portsRequireIdentity application ports that accept only mTLS from meshed clients
   */
  public InboundRouter(Optional<InetSocketAddress> forwardAddr, Set<Integer> portsRequireIdentity) {
    this.forwardAddr = forwardAddr;
    this.portsRequireIdentity = Set.copyOf(portsRequireIdentity);
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

  /**
   * Where an opaque inbound connection goes; nowhere (it is closed) when it is plaintext to a port
   * that requires identity.
   */
  public Optional<InetSocketAddress> opaqueTarget(ConnectionContext connection) {
    return target(forwardAddr, connection).filter(t -> allowed(t, connection));
  }

  private boolean allowed(InetSocketAddress target, ConnectionContext connection) {
    return connection.tls() || !portsRequireIdentity.contains(target.getPort());
  }

  @Override
  public Route route(HttpRequest request, ConnectionContext connection) {
    String label = RequestAuthority.of(request).map(Authority::toString).orElse("");
    Optional<InetSocketAddress> target = target(forwardAddr, connection);
    if (target.isPresent() && !allowed(target.get(), connection)) {
      return new Route.Reject(
          ProxyError.IDENTITY_REQUIRED, Integer.toString(target.get().getPort()), label);
    }
    return target
        .<Route>map(t -> new Route.Forward(label, List.of(t)))
        .orElseGet(
            () ->
                new Route.Reject(
                    ProxyError.NO_DESTINATION,
                    "(inbound: MESH_PROXY_INBOUND_FORWARD_ADDR is not set and the connection was"
                        + " not redirected)",
                    label));
  }
}
