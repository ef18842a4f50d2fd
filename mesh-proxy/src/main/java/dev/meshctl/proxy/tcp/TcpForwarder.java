package dev.meshctl.proxy.tcp;

import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.Peer;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.metrics.TargetAddr;
import dev.meshctl.proxy.transport.ConnectionMetricsHandler;
import dev.meshctl.proxy.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connects an accepted opaque connection to its target and relays bytes both ways. The connection
 * to the target is opened on the accepted channel's event loop, so the two relays never cross
 * threads.
 */
public final class TcpForwarder {

  private static final Logger LOG = Logger.getLogger(TcpForwarder.class.getName());

  private final Transports transports;
  private final ProxyMetrics metrics;
  private final Duration connectTimeout;

  public TcpForwarder(Transports transports, ProxyMetrics metrics, Duration connectTimeout) {
    this.transports = transports;
    this.metrics = metrics;
    this.connectTimeout = connectTimeout;
  }

  /**
   * Adds the relay to the accepted channel's pipeline (holding any bytes already read) and connects
   * to the target; closes the accepted channel when the target cannot be reached.
   */
  public void forward(
      ChannelPipeline accepted, Direction direction, InetSocketAddress target, boolean tls) {
    Channel inbound = accepted.channel();
    TcpRelayHandler inboundRelay = new TcpRelayHandler();
    accepted.addLast("tcp-relay", inboundRelay);
    inbound.config().setAutoRead(false);

    TcpRelayHandler outboundRelay = new TcpRelayHandler();
    String targetLabel = TargetAddr.of(target);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(inbound.eventLoop())
            .channel(transports.clientChannel())
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            "tcp-metrics",
                            new ConnectionMetricsHandler(
                                metrics.tcp(direction, Peer.DST, targetLabel, tls)))
                        .addLast("tcp-relay", outboundRelay);
                  }
                });
    ChannelFuture connect = bootstrap.connect(target);
    connect.addListener(
        f -> {
          if (f.isSuccess()) {
            if (!inbound.isActive()) {
              connect.channel().close();
              return;
            }
            TcpRelayHandler.join(inboundRelay, inbound, outboundRelay, connect.channel());
          } else {
            LOG.log(
                Level.INFO,
                "{0} opaque connection to {1} failed: {2}",
                new Object[] {direction.label(), targetLabel, f.cause().toString()});
            inbound.close();
          }
        });
    inbound.closeFuture().addListener(f -> connect.channel().close());
  }
}
