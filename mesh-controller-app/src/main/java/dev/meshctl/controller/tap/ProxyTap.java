package dev.meshctl.controller.tap;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.api.tap.TapGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Optional;
import java.util.function.Consumer;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One proxy's {@code Tap/Observe} call as a {@link Flux}: its events, then, if the call fails, one
 * {@link PodEvent.Failed} saying why. Cancelling the flux cancels the call and closes the channel.
 *
 * <p>The proxy bounds the rate it sends at; if the HTTP client still reads slower, at most {@code
 * buffer} events wait here and the newest are dropped (and counted) rather than piling up.
 */
final class ProxyTap {

  private final TapChannels channels;
  private final int buffer;
  private final Consumer<TapTarget> dropped;

  /**
   * @param buffer events kept per proxy while the HTTP client is not reading
   * @param dropped told of every event dropped because the buffer was full
   */
  ProxyTap(TapChannels channels, int buffer, Consumer<TapTarget> dropped) {
    this.channels = channels;
    this.buffer = buffer;
    this.dropped = dropped;
  }

  Flux<PodEvent> observe(TapTarget target, ObserveRequest request, Optional<SslContext> tls) {
    Flux<PodEvent> events =
        Flux.create(
            sink -> {
              ManagedChannel channel = channels.open(target, tls);
              sink.onDispose(channel::shutdownNow);
              TapGrpc.newStub(channel).observe(request, new Observer(target, sink));
            },
            FluxSink.OverflowStrategy.IGNORE);
    return events.onBackpressureBuffer(
        buffer, e -> dropped.accept(target), BufferOverflowStrategy.DROP_LATEST);
  }

  /** Feeds the call's events into the sink; cancels the call when the sink is cancelled. */
  private static final class Observer implements ClientResponseObserver<ObserveRequest, TapEvent> {

    private final TapTarget target;
    private final FluxSink<PodEvent> sink;

    Observer(TapTarget target, FluxSink<PodEvent> sink) {
      this.target = target;
      this.sink = sink;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ObserveRequest> call) {
      sink.onCancel(() -> call.cancel("the tap's client went away", null));
    }

    @Override
    public void onNext(TapEvent event) {
      sink.next(new PodEvent.Observed(target, event));
    }

    @Override
    public void onError(Throwable failure) {
      sink.next(new PodEvent.Failed(target, TapFailures.describe(target, failure)));
      sink.complete();
    }

    @Override
    public void onCompleted() {
      sink.complete();
    }
  }
}
