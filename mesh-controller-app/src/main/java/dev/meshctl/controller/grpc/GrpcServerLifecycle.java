package dev.meshctl.controller.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the controller's gRPC server (the Destination API, plain grpc-java on its shaded Netty) with
 * the Spring context: started once every bean is ready, stopped first on shutdown. Destination
 * streams never end by themselves, so on shutdown new calls are refused, then the open streams are
 * ended (proxies reconnect to another replica at once, keeping their last state meanwhile), then
 * the server waits up to a grace period.
 */
public final class GrpcServerLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);

  /** A GetDestination request is an authority and a token: well under a kilobyte. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024;

  private final int port;
  private final List<BindableService> services;
  private final Duration shutdownGrace;
  private final Runnable endStreams;
  private volatile Server server;

  /**
   * @param endStreams ends the open streams, called once new calls are refused
   */
  public GrpcServerLifecycle(
      int port, List<BindableService> services, Duration shutdownGrace, Runnable endStreams) {
    this.port = port;
    this.services = List.copyOf(services);
    this.shutdownGrace = shutdownGrace;
    this.endStreams = endStreams;
  }

  @Override
  public void start() {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(port))
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    services.forEach(builder::addService);
    try {
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for gRPC on port " + port, e);
    }
    log.info("Destination gRPC API listening on port {}", server.getPort());
  }

  @Override
  public void stop() {
    Server running = server;
    if (running == null) {
      return;
    }
    running.shutdown();
    endStreams.run();
    try {
      if (!running.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server = null;
    log.info("Destination gRPC API stopped");
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The port listened on; the chosen one when configured with 0. */
  public int port() {
    Server running = server;
    if (running == null) {
      throw new IllegalStateException("the gRPC server is not running");
    }
    return running.getPort();
  }
}
