package dev.meshctl.proxy.admin;

import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The proxy's admin server (Linkerd's port 4191): {@code GET /metrics}, {@code GET /ready}, {@code
 * GET /live}, {@code POST /shutdown} and {@code GET|PUT /proxy-log-level}, the last two for
 * loopback callers only. HTTP/1.1 over plaintext; see {@link AdminInitializer} for the pipeline.
 *
 * <p>A scrape of {@code /metrics} runs on the given event loop group and reads {@code /proc}, so
 * the group should be the admin server's own, not the data path's.
 */
public final class AdminServer implements AutoCloseable {

  /** An admin connection silent this long is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = Logger.getLogger(AdminServer.class.getName());

  private final InetSocketAddress bindAddress;
  private final ServerBootstrap bootstrap;
  private final ChannelGroup connections =
      new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
  private volatile Channel serverChannel;

  /**
   * @param bindAddress where to listen; {@code 0.0.0.0:4191} by default, port 0 for any free port
   * @param group the event loops that accept and serve admin connections
   * @param ready whether the proxy is ready for traffic ({@code /ready}); called on an event loop,
   *     so it must not block
   * @param shutdown starts the proxy's graceful drain; run once, on a thread of its own, after the
   *     first {@code POST /shutdown} has been answered
   */
  public AdminServer(
      InetSocketAddress bindAddress,
      Transports transports,
      EventLoopGroup group,
      MetricsExporter metrics,
      BooleanSupplier ready,
      Runnable shutdown,
      LogLevels logLevels) {
    this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
    AdminHandler handler = new AdminHandler(metrics, ready, shutdown, logLevels);
    this.bootstrap =
        new ServerBootstrap()
            .group(Objects.requireNonNull(group, "group"))
            .channel(transports.serverChannel())
            .childHandler(new AdminInitializer(handler, connections, IDLE_TIMEOUT));
  }

  /**
   * Starts listening, waiting until the socket is bound. Not to be called from an event loop.
   *
   * @throws IllegalStateException when the address cannot be bound (in use, not local...), or the
   *     server was bound already
   */
  public synchronized void bind() {
    if (serverChannel != null) {
      throw new IllegalStateException("admin server already bound to " + boundAddress());
    }
    ChannelFuture bound = bootstrap.bind(bindAddress).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "admin server cannot listen on " + bindAddress + ": " + bound.cause().getMessage(),
          bound.cause());
    }
    serverChannel = bound.channel();
    log.info("admin server listening on " + boundAddress());
  }

  /**
   * The address actually bound (with the chosen port when bound to port 0).
   *
   * @throws IllegalStateException before {@link #bind()}
   */
  public InetSocketAddress boundAddress() {
    Channel channel = serverChannel;
    if (channel == null) {
      throw new IllegalStateException("admin server not bound");
    }
    return (InetSocketAddress) channel.localAddress();
  }

  /** Stops listening and closes every open admin connection, waiting for both. */
  @Override
  public void close() {
    Channel channel = serverChannel;
    if (channel != null) {
      channel.close().awaitUninterruptibly();
    }
    connections.close().awaitUninterruptibly();
  }
}
