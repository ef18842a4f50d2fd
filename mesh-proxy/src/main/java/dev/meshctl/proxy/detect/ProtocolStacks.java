package dev.meshctl.proxy.detect;

import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.http.HttpServerCodecs;
import dev.meshctl.proxy.tcp.TcpForwarder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a listener does with a connection once its protocol is known: HTTP/1 and HTTP/2 get the HTTP
 * stacks; TLS goes to the listener's {@link TlsTermination} (the mesh's mTLS is terminated there,
 * inbound); everything else is relayed as opaque bytes to the connection's target, or closed when
 * it has none.
 */
public final class ProtocolStacks {

  private static final Logger LOG = Logger.getLogger(ProtocolStacks.class.getName());

  private final HttpServerCodecs http;
  private final TcpForwarder tcp;
  private final Function<ConnectionContext, Optional<InetSocketAddress>> opaqueTarget;
  private final TlsTermination tls;

  /**
   * @param opaqueTarget where an opaque connection of this listener goes
   * @param tls what a TLS ClientHello leads to
   */
  public ProtocolStacks(
      HttpServerCodecs http,
      TcpForwarder tcp,
      Function<ConnectionContext, Optional<InetSocketAddress>> opaqueTarget,
      TlsTermination tls) {
    this.http = http;
    this.tcp = tcp;
    this.opaqueTarget = opaqueTarget;
    this.tls = tls;
  }

  /** Stacks that relay TLS untouched. */
  public ProtocolStacks(
      HttpServerCodecs http,
      TcpForwarder tcp,
      Function<ConnectionContext, Optional<InetSocketAddress>> opaqueTarget) {
    this(http, tcp, opaqueTarget, TlsTermination.RELAY);
  }

  /** The callback of {@link ProtocolDetectHandler}. */
  public void install(ChannelHandlerContext detector, Protocol protocol) {
    ChannelPipeline pipeline = detector.pipeline();
    switch (protocol) {
      case HTTP1 -> http.installHttp1(pipeline);
      case HTTP2 -> http.installHttp2(pipeline);
      case TLS -> {
        if (ConnectionContext.of(pipeline.channel()).tls()) {
          installOpaque(pipeline); // TLS inside the mesh's TLS: the application's own
        } else {
          tls.install(pipeline, this);
        }
      }
      case OPAQUE -> installOpaque(pipeline);
    }
  }

  /** Relays the connection as opaque TCP (also for ports that skip detection). */
  public void installOpaque(ChannelPipeline pipeline) {
    ConnectionContext connection = ConnectionContext.of(pipeline.channel());
    Optional<InetSocketAddress> target = opaqueTarget.apply(connection);
    if (target.isEmpty()) {
      LOG.log(
          Level.FINE,
          "{0} opaque connection from {1} has no target (not redirected): closing",
          new Object[] {connection.direction().label(), pipeline.channel().remoteAddress()});
      pipeline.channel().close();
      return;
    }
    tcp.forward(pipeline, connection.direction(), target.get(), connection.tls());
  }
}
