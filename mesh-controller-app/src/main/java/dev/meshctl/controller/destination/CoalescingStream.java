package dev.meshctl.controller.destination;

import dev.meshctl.controller.discovery.DiscoveryModel;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code Get} or {@code GetProfile} stream: a watch on the {@link DiscoveryModel} that
 * tells the client how its answer changes.
 *
 * <p>Backpressure by coalescing: a change only marks the stream dirty; when the client can take
 * messages (the call {@linkplain ServerCallStreamObserver#isReady is ready}) the state is
 * recomputed and the difference to what the client was last told is sent. A slow client therefore
 * skips intermediate states instead of queueing them: memory per stream is one state, whatever the
 * rate of change.
 *
 * @param <S> the state the client is told about (an endpoint set, a profile)
 * @param <M> the message type of the stream
 */
final class CoalescingStream<S, M> implements DiscoveryModel.Listener {

  private static final Logger log = LoggerFactory.getLogger(CoalescingStream.class);

  private final String description;
  private final DiscoveryModel model;
  private final ServerCallStreamObserver<M> call;
  private final Predicate<String> interestedIn;
  private final Supplier<S> currentState;
  private final BiFunction<S, S, List<M>> diff;
  private final Runnable onSent;
  private final Runnable onClosed;

  /** What the client was last told; null before the first answer. Guarded by this. */
  private S sent;

  /** Whether the model may have changed since {@link #sent} was computed. Guarded by this. */
  private boolean dirty = true;

  private boolean closed;

  /**
   * @param interestedIn which namespaces' changes may change the state
   * @param diff the messages from a previous state (null at first) to the next; none when equal
   * @param onSent called for each message sent
   * @param onClosed called once, when the stream ends for any reason
   */
  CoalescingStream(
      String description,
      DiscoveryModel model,
      ServerCallStreamObserver<M> call,
      Predicate<String> interestedIn,
      Supplier<S> currentState,
      BiFunction<S, S, List<M>> diff,
      Runnable onSent,
      Runnable onClosed) {
    this.description = description;
    this.model = model;
    this.call = call;
    this.interestedIn = interestedIn;
    this.currentState = currentState;
    this.diff = diff;
    this.onSent = onSent;
    this.onClosed = onClosed;
  }

  /** Starts watching; must be called on the thread of the RPC handler. */
  void start() {
    call.setOnCancelHandler(this::close);
    call.setOnReadyHandler(this::drain);
    model.addListener(this);
    drain();
  }

  @Override
  public void changed(String namespace) {
    if (!interestedIn.test(namespace)) {
      return;
    }
    synchronized (this) {
      dirty = true;
    }
    drain();
  }

  /** Ends the stream from the server's side (the controller is stopping). */
  synchronized void complete() {
    if (closed) {
      return;
    }
    close();
    try {
      call.onCompleted();
    } catch (RuntimeException alreadyGone) {
      // The client went away at the same time: nothing left to tell it.
    }
  }

  private synchronized void drain() {
    try {
      while (!closed && dirty && call.isReady()) {
        dirty = false;
        S next = currentState.get();
        for (M message : diff.apply(sent, next)) {
          call.onNext(message);
          onSent.run();
        }
        sent = next;
      }
    } catch (RuntimeException e) {
      if (closed || call.isCancelled()) {
        return;
      }
      log.warn("Destination stream for {} failed; closing it", description, e);
      close();
      try {
        call.onError(Status.INTERNAL.withDescription("the controller failed").asRuntimeException());
      } catch (RuntimeException ignored) {
        // Already closed by the client.
      }
    }
  }

  private synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    model.removeListener(this);
    onClosed.run();
  }
}
