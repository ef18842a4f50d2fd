package dev.meshctl.controller.tap;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A tap from start to end: plans it from the query, opens one {@link ProxyTap} per pod, merges
 * their events, lets the {@link TapGate} choose, and writes the lines. Spring-free; the controller
 * only serves the flux.
 *
 * <p>The stream ends when every proxy's tap has ended, or when {@code limit} requests were passed
 * and all of them ended (waiting at most {@code limitGrace} for the last ones), or when the client
 * cancels, which cancels every proxy's call.
 */
final class TapService {

  private final TapPlanner planner;
  private final TapChannels channels;
  private final ProxyTap proxyTap;
  private final TapLines lines;
  private final double maxRpsCap;
  private final Duration limitGrace;
  private final LongSupplier nanoTime;

  TapService(
      TapPlanner planner,
      TapChannels channels,
      ProxyTap proxyTap,
      double maxRpsCap,
      Duration limitGrace,
      LongSupplier nanoTime) {
    this.planner = planner;
    this.channels = channels;
    this.proxyTap = proxyTap;
    this.lines = new TapLines();
    this.maxRpsCap = maxRpsCap;
    this.limitGrace = limitGrace;
    this.nanoTime = nanoTime;
  }

  /**
   * Checks the request and plans the tap at once (so that a bad one is answered with a status), and
   * returns the lines, which start flowing when subscribed to.
   *
   * @throws TapRequestException when the tap cannot start
   */
  Flux<String> tap(Map<String, String> parameters) {
    TapPlan plan = planner.plan(TapQuery.parse(parameters, maxRpsCap));
    Optional<SslContext> tls = channels.contextForNewTap();
    return Flux.defer(() -> lines(plan, tls));
  }

  private Flux<String> lines(TapPlan plan, Optional<SslContext> tls) {
    TapGate gate = new TapGate(plan, nanoTime);
    Sinks.Empty<Void> limitReached = Sinks.empty();
    List<Flux<PodEvent>> taps =
        plan.targets().stream().map(t -> proxyTap.observe(t, plan.request(), tls)).toList();
    Flux<String> events =
        Flux.merge(taps)
            .filter(gate::admit)
            .doOnNext(
                e -> {
                  if (gate.limitReached()) {
                    limitReached.tryEmitEmpty();
                  }
                })
            .takeUntil(e -> gate.finished())
            .takeUntilOther(limitReached.asMono().then(Mono.delay(limitGrace)))
            .map(lines::line);
    return Flux.concat(Flux.just(lines.tapping(plan.targets())), events);
  }
}
