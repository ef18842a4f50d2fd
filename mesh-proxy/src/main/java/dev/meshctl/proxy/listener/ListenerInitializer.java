package dev.meshctl.proxy.listener;

import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.detect.ProtocolDetectHandler;
import dev.meshctl.proxy.detect.ProtocolStacks;
import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.Peer;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.transport.ConnectionMetricsHandler;
import dev.meshctl.proxy.transport.OriginalDestination;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a listener's accepted connections (inbound: to the local application; outbound:
 * the application's outgoing ones). The two differ in where requests and opaque bytes go, which the
 * {@link ProtocolStacks} they are given decides.
 *
 * <pre>
 * tcp-metrics -> idle -> detect => http1-codec -> http-server
 *                               => http2-codec -> http2-multiplex -> (stream) http2-to-http -> http-server
 *                               => tcp-relay (opaque, TLS)
 * </pre>
 */
public final class ListenerInitializer extends ChannelInitializer<SocketChannel> {

  private final Direction direction;
  private final ProxyConfig config;
  private final ProxyMetrics metrics;
  private final ProtocolStacks stacks;
  private final ChannelGroup connections;

  public ListenerInitializer(
      Direction direction,
      ProxyConfig config,
      ProxyMetrics metrics,
      ProtocolStacks stacks,
      ChannelGroup connections) {
    this.direction = direction;
    this.config = config;
    this.metrics = metrics;
    this.stacks = stacks;
    this.connections = connections;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    var original = OriginalDestination.of(ch);
    var connection = new ConnectionContext(direction, original);
    ch.attr(ConnectionContext.KEY).set(connection);
    connections.add(ch);

    ch.pipeline()
        .addLast(
            "tcp-metrics",
            new ConnectionMetricsHandler(metrics.tcp(direction, Peer.SRC, "", false)))
        .addLast(
            "idle",
            new IdleStateHandler(
                0, 0, config.connectionIdleTimeout().toNanos(), TimeUnit.NANOSECONDS));
    int port = original.map(InetSocketAddress::getPort).orElse(ch.localAddress().getPort());
    if (config.opaquePorts().contains(port)) {
      stacks.installOpaque(ch.pipeline());
    } else {
      ch.pipeline()
          .addLast(
              "detect",
              new ProtocolDetectHandler(
                  config.detectTimeout(), config.http1().maxInitialLineLength(), stacks::install));
    }
  }
}
