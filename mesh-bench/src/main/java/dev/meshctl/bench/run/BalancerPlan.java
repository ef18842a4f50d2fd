package dev.meshctl.bench.run;

import java.time.Duration;

/**
 * How long and how hard {@code bench/balancer} drives each balancer.
 *
 * <p>Each proxy is first warmed up closed loop in slices of {@link BenchPlan#WARMUP_SLICE} until it
 * has stopped getting faster (at least {@code warmupMin}, at most {@code warmupMax}), then at the
 * fixed rate for {@code openWarmup}; all of it is discarded, but it leaves the balancer in its
 * steady state (the slow endpoint already measured) as in a long-running proxy.
 *
 * @param rate the fixed rate (requests per second) of the measured open-model run
 * @param slowDelay what the slow endpoint adds to every response
 * @param warmupMin shortest closed-loop warm-up of each proxy
 * @param warmupMax longest closed-loop warm-up of each proxy
 * @param openWarmup warm-up at the fixed rate before the measured run, discarded
 * @param measure measured duration of the open-model run
 * @param drain how long the last answers of a run are waited for before they count as timeouts
 * @param http1Connections HTTP/1.1 connections of the client (one request in flight on each):
 *     enough that requests held by the slow endpoint do not leave the others waiting in the client
 * @param closedConcurrency requests kept outstanding during the closed-loop warm-up
 */
public record BalancerPlan(
    String name,
    int rate,
    Duration slowDelay,
    Duration warmupMin,
    Duration warmupMax,
    Duration openWarmup,
    Duration measure,
    Duration drain,
    int http1Connections,
    int closedConcurrency) {

  public BalancerPlan {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
  }

  /** Under two minutes on 2 cores: 500 rps measured for 8 s per balancer. */
  public static BalancerPlan quick() {
    return new BalancerPlan(
        "quick",
        500,
        Duration.ofMillis(50),
        Duration.ofSeconds(6),
        Duration.ofSeconds(20),
        Duration.ofSeconds(2),
        Duration.ofSeconds(8),
        Duration.ofSeconds(3),
        32,
        16);
  }

  /** Under four minutes on 2 cores: 500 rps measured for 20 s per balancer. */
  public static BalancerPlan full() {
    return new BalancerPlan(
        "full",
        500,
        Duration.ofMillis(50),
        Duration.ofSeconds(6),
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        32,
        16);
  }

  /** {@code quick} or {@code full}. */
  public static BalancerPlan named(String name) {
    return switch (name) {
      case "quick" -> quick();
      case "full" -> full();
      default -> throw new IllegalArgumentException("unknown plan " + name + " (quick or full)");
    };
  }

  /** The same plan at another fixed rate. */
  public BalancerPlan withRate(int rate) {
    return new BalancerPlan(
        name,
        rate,
        slowDelay,
        warmupMin,
        warmupMax,
        openWarmup,
        measure,
        drain,
        http1Connections,
        closedConcurrency);
  }

  /** The load generator's discarded warm-up against a backend directly: every phase, briefly. */
  BalancerPlan rehearsal() {
    return new BalancerPlan(
        name + " rehearsal",
        rate,
        slowDelay,
        Duration.ofSeconds(4),
        Duration.ofSeconds(8),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        drain,
        http1Connections,
        closedConcurrency);
  }
}
