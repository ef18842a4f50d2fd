package dev.meshctl.identity.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
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
 * Runs the identity service's gRPC server (plain grpc-java on its shaded Netty) with the Spring
 * context: started once every bean is ready, stopped first on shutdown, letting calls in flight
 * finish for a grace period. Plaintext, or TLS when given a server {@link SslContext}.
 */
public final class GrpcServerLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);

  /** A Certify request (identity, token, CSR) is a few kilobytes. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;

  private final int port;
  private final List<BindableService> services;
  private final Duration shutdownGrace;
  private final SslContext tls;
  private final String mode;
  private volatile Server server;

  /** A plaintext server. */
  public GrpcServerLifecycle(int port, List<BindableService> services, Duration shutdownGrace) {
    this(port, services, shutdownGrace, null, "plaintext");
  }

  /**
   * @param tls the server's TLS, or null for plaintext
   * @param mode how the start is logged: what the server serves, e.g. {@code TLS as <name>}
   */
  public GrpcServerLifecycle(
      int port,
      List<BindableService> services,
      Duration shutdownGrace,
      SslContext tls,
      String mode) {
    this.port = port;
    this.services = List.copyOf(services);
    this.shutdownGrace = shutdownGrace;
    this.tls = tls;
    this.mode = mode;
  }

  @Override
  public void start() {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(port))
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    if (tls != null) {
      builder.sslContext(tls);
    }
    services.forEach(builder::addService);
    try {
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for gRPC on port " + port, e);
    }
    log.info("Identity gRPC API listening on port {} ({})", server.getPort(), mode);
  }

  @Override
  public void stop() {
    Server running = server;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server = null;
    log.info("Identity gRPC API stopped");
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
