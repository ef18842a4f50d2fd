package dev.meshctl.proxy.tap;

import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.proxy.metrics.TapMetrics;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One open tap: which requests it wants, how many it may still take (its limit and its rate), and a
 * bounded buffer of events between the data path and its gRPC stream.
 *
 * <p>Event loops {@linkplain #offer offer} events without waiting: a full buffer drops the event
 * (counted), so a client that reads slowly loses events and never slows a request. A drain task on
 * the tap server's executor moves events to the stream while gRPC says the client can take more
 * ({@code isReady}), and is scheduled again when it can. At most one drain runs at a time, so the
 * stream's observer is only ever called from one thread at once.
 */
final class TapStream {

  private final TapMatch match;
  private final RateLimit rate;
  private final long limit;
  private final int capacity;
  private final ServerCallStreamObserver<TapEvent> observer;
  private final Executor executor;
  private final TapMetrics metrics;
  private final Consumer<TapStream> onClosed;

  private final Queue<TapEvent> buffer = new ConcurrentLinkedQueue<>();
  private final AtomicInteger buffered = new AtomicInteger();
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean closedOnce = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param limit requests this tap observes before its stream ends
   * @param capacity events the buffer holds at most
   * @param onClosed run once when the stream ends, however it ends
   */
  TapStream(
      TapMatch match,
      RateLimit rate,
      long limit,
      int capacity,
      ServerCallStreamObserver<TapEvent> observer,
      Executor executor,
      TapMetrics metrics,
      Consumer<TapStream> onClosed) {
    this.match = match;
    this.rate = rate;
    this.limit = limit;
    this.capacity = capacity;
    this.observer = observer;
    this.executor = executor;
    this.metrics = metrics;
    this.onClosed = onClosed;
  }

  boolean matches(TapRequestHead request, String peerIdentity) {
    return !closed && match.matches(request, peerIdentity);
  }

  /**
   * Takes a matching request, when the tap's limit and this second's rate leave room for it; a
   * request over the rate is counted as dropped.
   */
  boolean admit() {
    if (closed || admitted.get() >= limit) {
      return false;
    }
    if (!rate.tryAcquire()) {
      metrics.eventsDropped(1);
      return false;
    }
    while (true) {
      int taken = admitted.get();
      if (taken >= limit) {
        return false;
      }
      if (admitted.compareAndSet(taken, taken + 1)) {
        unfinished.incrementAndGet();
        return true;
      }
    }
  }

  /**
   * Buffers an event of an admitted request, or drops it when the buffer is full. Never waits.
   *
   * @param last whether it is the request's last event (its response's end)
   */
  void offer(TapEvent event, boolean last) {
    if (!closed) {
      if (buffered.incrementAndGet() > capacity) {
        buffered.decrementAndGet();
        metrics.eventsDropped(1);
      } else {
        buffer.add(event);
      }
    }
    if (last) {
      unfinished.decrementAndGet();
    }
    scheduleDrain();
  }

  /** Moves buffered events to the stream soon, on the executor; also gRPC's on-ready handler. */
  void scheduleDrain() {
    if (!closed && drainScheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false); // the tap server is stopping: its calls are being cancelled
      }
    }
  }

  /** The client cancelled the call (or went away): stop at once. */
  void cancelled() {
    close();
  }

  boolean isClosed() {
    return closed;
  }

  private void drain() {
    do {
      drainOnce();
      drainScheduled.set(false);
    } while (hasWork() && drainScheduled.compareAndSet(false, true));
  }

  private void drainOnce() {
    if (closed) {
      buffer.clear();
      return;
    }
    TapEvent event;
    while (observer.isReady() && (event = buffer.poll()) != null) {
      buffered.decrementAndGet();
      observer.onNext(event);
    }
    if (finished()) {
      close();
      observer.onCompleted();
    }
  }

  private boolean hasWork() {
    return !closed && ((!buffer.isEmpty() && observer.isReady()) || finished());
  }

  /** Every request of the limit was taken, has ended, and its events have gone out. */
  private boolean finished() {
    return admitted.get() >= limit && unfinished.get() == 0 && buffer.isEmpty();
  }

  private void close() {
    closed = true;
    if (closedOnce.compareAndSet(false, true)) {
      onClosed.accept(this);
    }
  }
}
