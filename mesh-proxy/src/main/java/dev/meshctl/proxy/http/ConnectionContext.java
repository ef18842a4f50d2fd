package dev.meshctl.proxy.http;

import dev.meshctl.proxy.metrics.Direction;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the proxy knows about an accepted connection: set once as a channel attribute when the
 * connection is accepted, read by every layer after (HTTP/2 streams read their parent's).
 *
 * @param direction the listener that accepted it
 * @param originalDst where the client was headed before an iptables redirect, when it was
 * @param tls whether the connection is the mesh's mTLS, terminated by this proxy
 * @param peerIdentity the identity the client's certificate proved (with {@code tls})
 */
public record ConnectionContext(
    Direction direction,
    Optional<InetSocketAddress> originalDst,
    boolean tls,
    Optional<String> peerIdentity) {

  /** A connection as accepted, before anything is known of TLS. */
  public ConnectionContext(Direction direction, Optional<InetSocketAddress> originalDst) {
    this(direction, originalDst, false, Optional.empty());
  }

  /** The same connection after its mTLS handshake proved the client's identity. */
  public ConnectionContext withTls(Optional<String> identity) {
    return new ConnectionContext(direction, originalDst, true, identity);
  }

  public static final AttributeKey<ConnectionContext> KEY =
      AttributeKey.valueOf(ConnectionContext.class, "connection");

  /** The context of a connection, or of the connection an HTTP/2 stream belongs to. */
  public static ConnectionContext of(Channel channel) {
    for (Channel ch = channel; ch != null; ch = ch.parent()) {
      ConnectionContext context = ch.attr(KEY).get();
      if (context != null) {
        return context;
      }
    }
    throw new IllegalStateException("channel " + channel + " has no connection context");
  }
}
