package dev.meshctl.proxy.tap;

import dev.meshctl.proxy.config.TapConfig;
import dev.meshctl.proxy.identity.IdentitySource;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * The tap gRPC server on {@code MESH_PROXY_TAP_LISTEN_ADDR}, beside the data path: its own I/O
 * thread (gRPC's shaded Netty) and its own thread for calls and for moving events to streams, so
 * that nothing it does runs on, or waits for, the data path's event loops. Over mTLS with the
 * proxy's identity when it has one, plaintext to loopback callers otherwise (see {@link
 * TapConfig#mode}).
 */
public final class TapServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TapServer.class.getName());

  private final Server server;
  private final EventLoopGroup group;
  private final ExecutorService executor;

  private TapServer(Server server, EventLoopGroup group, ExecutorService executor) {
    this.server = server;
    this.group = group;
    this.executor = executor;
  }

  /**
   * Starts the tap server when the configuration and the identity allow it; otherwise logs one line
   * saying why not.
   *
   * @throws UncheckedIOException when the listen address cannot be bound
   */
  public static Optional<TapServer> start(
      TapConfig config, Optional<IdentitySource> identity, Taps taps) {
    TapConfig.Mode mode = config.mode(identity.isPresent());
    switch (mode) {
      case OFF_DISABLED -> {
        LOG.info("tap server off: MESH_PROXY_TAP_DISABLED is true");
        return Optional.empty();
      }
      case OFF_NO_SERVICE_NAME -> {
        LOG.info(
            "tap server off: MESH_PROXY_TAP_SVC_NAME is not set, so no identity may tap this"
                + " proxy");
        return Optional.empty();
      }
      case OFF_NO_IDENTITY -> {
        LOG.info(
            "tap server off: the proxy has no identity to authorize tap with (set"
                + " MESH_PROXY_TAP_LISTEN_ADDR to serve it in plaintext to loopback callers)");
        return Optional.empty();
      }
      default -> {}
    }
    EventLoopGroup group =
        new NioEventLoopGroup(1, new DefaultThreadFactory("mesh-proxy-tap-io", true));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mesh-proxy-tap");
              t.setDaemon(true);
              return t;
            });
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(config.listenAddr())
              .bossEventLoopGroup(group)
              .workerEventLoopGroup(group)
              .channelType(NioServerSocketChannel.class)
              .executor(executor)
              .maxInboundMessageSize(64 * 1024);
      TapAuthorization authorization;
      if (mode == TapConfig.Mode.MTLS) {
        builder.sslContext(TapTls.serverContext(identity.get()));
        authorization = TapAuthorization.identity(config.serviceName().get());
      } else {
        authorization = TapAuthorization.loopbackOnly();
      }
      TapService service =
          new TapService(taps, config.maxRequestsPerSecond(), executor, System::nanoTime);
      Server server =
          builder.addService(ServerInterceptors.intercept(service, authorization)).build().start();
      TapServer started = new TapServer(server, group, executor);
      LOG.info(
          () ->
              "tap server on "
                  + TapRequestHead.address(started.address())
                  + (mode == TapConfig.Mode.MTLS
                      ? ", mTLS, for " + config.serviceName().get() + " only"
                      : ", plaintext, for loopback callers only (the proxy has no identity)")
                  + "; at most "
                  + config.maxStreams()
                  + " taps of "
                  + config.maxRequestsPerSecond()
                  + " requests per second each");
      return Optional.of(started);
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      executor.shutdownNow();
      String why = e instanceof SSLException ? "cannot set up TLS" : "cannot listen";
      throw new UncheckedIOException(
          new IOException(
              "tap server: " + why + " on " + config.listenAddr() + ": " + e.getMessage(), e));
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  /** Ends every tap stream (its client sees the call cancelled) and stops the server. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
