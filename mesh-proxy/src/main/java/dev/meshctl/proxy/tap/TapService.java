package dev.meshctl.proxy.tap;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.api.tap.TapGrpc;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code meshctl.tap.Tap} service: {@code Observe} checks the request's match, opens a {@link
 * TapStream} (refused with RESOURCE_EXHAUSTED when the proxy's taps are all taken) and streams its
 * events until its limit is reached or the client cancels. Who may call it is decided before, by
 * {@link TapAuthorization}.
 */
final class TapService extends TapGrpc.TapImplBase {

  /** Requests a tap observes when its request's {@code limit} is zero. */
  static final int DEFAULT_LIMIT = 10_000;

  /** Events buffered per tap for a client that reads more slowly than they come. */
  static final int BUFFER_CAPACITY = 1_000;

  private static final Logger LOG = Logger.getLogger(TapService.class.getName());

  private final Taps taps;
  private final int maxRequestsPerSecond;
  private final Executor executor;
  private final LongSupplier nanoTime;

  /**
   * @param executor where each tap's events are moved to its stream (one thread is plenty)
   */
  TapService(Taps taps, int maxRequestsPerSecond, Executor executor, LongSupplier nanoTime) {
    this.taps = taps;
    this.maxRequestsPerSecond = maxRequestsPerSecond;
    this.executor = executor;
    this.nanoTime = nanoTime;
  }

  @Override
  public void observe(ObserveRequest request, StreamObserver<TapEvent> responseObserver) {
    ServerCallStreamObserver<TapEvent> observer =
        (ServerCallStreamObserver<TapEvent>) responseObserver;
    TapMatch match;
    try {
      match = TapMatch.of(request.getMatch());
    } catch (IllegalArgumentException e) {
      observer.onError(
          Status.INVALID_ARGUMENT
              .withDescription("invalid tap request: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    long limit =
        request.getLimit() == 0 ? DEFAULT_LIMIT : Integer.toUnsignedLong(request.getLimit());
    TapStream stream =
        new TapStream(
            match,
            new RateLimit(maxRequestsPerSecond, nanoTime),
            limit,
            BUFFER_CAPACITY,
            observer,
            executor,
            taps.metrics(),
            taps::remove);
    // Both handlers run on the call's serialized executor, never during this method.
    observer.setOnCancelHandler(stream::cancelled);
    observer.setOnReadyHandler(stream::scheduleDrain);
    if (!taps.add(stream)) {
      observer.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "this proxy serves at most "
                      + taps.maxStreams()
                      + " taps at once (MESH_PROXY_TAP_MAX_STREAMS) and all are open; retry when"
                      + " one has ended")
              .asRuntimeException());
      return;
    }
    LOG.log(
        Level.FINE,
        "tap opened: limit {0}, at most {1} requests per second",
        new Object[] {limit, maxRequestsPerSecond});
  }
}
