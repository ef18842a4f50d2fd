package dev.meshctl.demo.backend;

import dev.meshctl.demo.HostPort;
import dev.meshctl.demo.WorkloadException;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A started gRPC back end: one service on a plaintext HTTP/2 (h2c) server bound to one address,
 * which is how a meshed pod's application listens (its proxy does the TLS).
 */
public final class GrpcWorkload implements AutoCloseable {

  private final Server server;
  private final HostPort address;

  private GrpcWorkload(Server server, HostPort address) {
    this.server = server;
    this.address = address;
  }

  /**
   * Binds {@code listen} and serves {@code service}.
   *
   * @param role the workload's name, for the error message
   * @throws WorkloadException when the address cannot be bound (in use, not a local address)
   */
  public static GrpcWorkload start(String role, HostPort listen, BindableService service) {
    InetSocketAddress bind = listen.socketAddress();
    if (bind.isUnresolved()) {
      throw new WorkloadException(
          role + ": cannot listen on " + listen + ": " + listen.host() + " does not resolve");
    }
    Server server = NettyServerBuilder.forAddress(bind).addService(service).build();
    try {
      server.start();
    } catch (IOException e) {
      throw WorkloadException.cannotListen(role, listen, e);
    }
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    return new GrpcWorkload(server, listen.withPort(port));
  }

  /** The address served, with the port the system chose when port 0 was asked for. */
  public HostPort address() {
    return address;
  }

  /** Stops accepting calls, lets the ones in flight finish for a moment, then ends the rest. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
