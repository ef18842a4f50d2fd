package dev.meshctl.proxy.discovery.remote;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server on a loopback port serving a {@link FakeDestinationService}; it can be
 * stopped (its connections closed, as when the controller dies) and started again on the same port
 * with the same service state.
 */
final class FakeController implements AutoCloseable {

  final FakeDestinationService service = new FakeDestinationService();
  private int port;
  private Server server;

  private FakeController() {}

  /** On a free port. */
  static FakeController start() {
    FakeController controller = new FakeController();
    controller.bind(0);
    return controller;
  }

  /** The gRPC target of this controller, {@code 127.0.0.1:port}. */
  String target() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Stops the server at once: open streams end, connections close. */
  void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    service.forgetStreams();
  }

  /** Starts the server again on its port. */
  void restart() {
    bind(port);
  }

  private void bind(int wanted) {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", wanted))
              .addService(service)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
