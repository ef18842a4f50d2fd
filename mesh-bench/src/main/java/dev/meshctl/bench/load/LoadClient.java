package dev.meshctl.bench.load;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A client of one protocol that sends the benchmark's request over already open connections. All of
 * it runs on one event loop, {@link #loop()}: {@link #send} must be called there and outcomes are
 * reported there, so the load runs that drive it need no locks.
 */
public interface LoadClient extends AutoCloseable {

  /** Settings shared by the clients. */
  record Options(int http1Connections, int h2Connections) {}

  /** Opens the client's connections to {@code target}; returns once they are all up. */
  static LoadClient connect(Protocol protocol, Target target, Options options)
      throws IOException, InterruptedException {
    return switch (protocol) {
      case HTTP1 -> Http1LoadClient.connect(target, options.http1Connections());
      case H2C -> H2cLoadClient.connect(target, options.h2Connections());
      case GRPC -> GrpcLoadClient.connect(target);
    };
  }

  /** The event loop that {@link #send} must be called on, and that schedules the load. */
  ScheduledExecutorService loop();

  /**
   * Sends one request now, or as soon as a connection (HTTP/1.1) or a stream (HTTP/2) is free;
   * {@code outcome} is called when it is answered or has failed.
   */
  void send(Outcome outcome);

  /**
   * Makes the client's event loop poll without blocking ({@code true}) or block again: on for the
   * duration of a fixed-rate run (see {@link dev.meshctl.bench.transport.BusyPoll}).
   */
  void busyPoll(boolean on);

  /** Closes the connections; requests still outstanding are abandoned. */
  @Override
  void close();
}
