package dev.meshctl.proxy.discovery.remote;

import dev.meshctl.api.destination.GetDestination;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * One server-streaming call to the controller kept open: started, and started again after a
 * jittered exponential backoff whenever it fails or the server ends it; a message resets the
 * backoff. Callbacks of an earlier call (one that was replaced or cancelled) are ignored. Every
 * method, and every callback, runs on the client's one thread. It tells {@link
 * DestinationClientMetrics} when a call starts answering, each message, and how calls end.
 *
 * @param <T> the messages the stream delivers
 */
final class ReconnectingStream<T> {

  /** What the stream's owner is told. */
  interface Listener<T> {

    /**
     * A message.
     *
     * @param first it is the first of a new call, so it describes the whole state again
     */
    void onMessage(T message, boolean first);

    /**
     * The call ended (OK: the server ended it) and is started again after {@code retryIn}.
     *
     * @param failures consecutive calls that ended without a message in between, this one included
     */
    void onEnded(Status status, int failures, Duration retryIn);
  }

  private final DestinationClientMetrics.Kind kind;
  private final Consumer<ClientResponseObserver<GetDestination, T>> starter;
  private final Listener<T> listener;
  private final ScheduledExecutorService executor;
  private final Backoff backoff;
  private final DoubleSupplier random;
  private final DestinationClientMetrics metrics;

  private Observer current;
  private ScheduledFuture<?> restart;
  private int failures;
  private boolean closed;

  /**
   * @param kind which call this is, for the metrics
   * @param starter starts one call, delivering to the observer it is given (without blocking)
   * @param executor the client's one thread, on which the restarts are scheduled
   */
  ReconnectingStream(
      DestinationClientMetrics.Kind kind,
      Consumer<ClientResponseObserver<GetDestination, T>> starter,
      Listener<T> listener,
      ScheduledExecutorService executor,
      Backoff backoff,
      DoubleSupplier random,
      DestinationClientMetrics metrics) {
    this.kind = kind;
    this.starter = starter;
    this.listener = listener;
    this.executor = executor;
    this.backoff = backoff;
    this.random = random;
    this.metrics = metrics;
  }

  /** Starts the call (the first time, or again at once); a running call is cancelled first. */
  void start() {
    if (closed) {
      return;
    }
    cancelCurrent("restarted");
    current = new Observer();
    starter.accept(current);
  }

  /** Cancels the call and any restart; the stream stays closed. Idempotent. */
  void close() {
    closed = true;
    if (restart != null) {
      restart.cancel(false);
      restart = null;
    }
    cancelCurrent("no longer watched");
  }

  private void cancelCurrent(String why) {
    Observer observer = current;
    current = null;
    if (observer != null) {
      observer.closed();
      if (observer.call != null) {
        observer.call.cancel(why, null);
      }
    }
  }

  private void ended(Observer observer, Status status) {
    current = null;
    observer.closed();
    if (!status.isOk()) {
      metrics.streamFailed(kind, status.getCode());
    }
    failures++;
    Duration delay = backoff.delay(failures, random.getAsDouble());
    listener.onEnded(status, failures, delay);
    if (closed) {
      return;
    }
    try {
      restart = executor.schedule(this::restartNow, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      closed = true; // the client is shutting down
    }
  }

  private void restartNow() {
    restart = null;
    start();
  }

  /** One call's callbacks; those of a call that is no longer current are ignored. */
  private final class Observer implements ClientResponseObserver<GetDestination, T> {

    private ClientCallStreamObserver<GetDestination> call;
    private boolean first = true;
    private boolean counted;

    @Override
    public void beforeStart(ClientCallStreamObserver<GetDestination> requestStream) {
      this.call = requestStream;
    }

    @Override
    public void onNext(T message) {
      if (current != this) {
        return;
      }
      failures = 0;
      boolean isFirst = first;
      first = false;
      if (isFirst) {
        counted = true;
        metrics.streamOpened(kind);
      }
      metrics.updateReceived(kind);
      listener.onMessage(message, isFirst);
    }

    @Override
    public void onError(Throwable error) {
      if (current == this) {
        ended(this, Status.fromThrowable(error));
      }
    }

    @Override
    public void onCompleted() {
      if (current == this) {
        ended(this, Status.OK.withDescription("the controller ended the stream"));
      }
    }

    /** The call is over (ended or cancelled): no longer counted as open. Idempotent. */
    void closed() {
      if (counted) {
        counted = false;
        metrics.streamClosed(kind);
      }
    }
  }
}
