package dev.meshctl.bench.run;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each configuration is driven.
 *
 * <p>Warm-up of a configuration drives all protocols at once, closed loop, in slices of {@link
 * #WARMUP_SLICE}, until it has stopped getting faster (at least {@code warmupMin}, at most {@code
 * warmupMax}; see {@code Warmup}): a JIT-compiled proxy sharing one CPU with its compiler needs
 * tens of thousands of requests before it runs at its steady speed, a C proxy none. All of it is
 * discarded.
 *
 * @param rates the fixed rates (requests per second) of the open-model runs
 * @param warmupMin shortest warm-up of each configuration
 * @param warmupMax longest warm-up of each configuration
 * @param openWarmup open-model warm-up at each rate before it is measured, discarded
 * @param measure measured duration of each open-model run
 * @param closedMeasure measured duration of the closed-loop (maximum throughput) run
 * @param drain how long the last answers of a run are waited for before they count as timeouts
 * @param http1Connections HTTP/1.1 connections of the client (one request in flight on each)
 * @param h2Connections HTTP/2 connections of the h2c client (gRPC uses one channel)
 * @param closedConcurrency requests kept outstanding by the closed-loop runs
 */
public record BenchPlan(
    String name,
    List<Integer> rates,
    Duration warmupMin,
    Duration warmupMax,
    Duration openWarmup,
    Duration measure,
    Duration closedMeasure,
    Duration drain,
    int http1Connections,
    int h2Connections,
    int closedConcurrency) {

  /** One slice of a configuration's warm-up. */
  public static final Duration WARMUP_SLICE = Duration.ofSeconds(2);

  /** Under 5 minutes on 2 cores: 1,000 rps and maximum throughput only, short runs. */
  public static BenchPlan quick() {
    return new BenchPlan(
        "quick",
        List.of(1_000),
        Duration.ofSeconds(6),
        Duration.ofSeconds(20),
        Duration.ofSeconds(1),
        Duration.ofSeconds(4),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        16,
        1,
        16);
  }

  /** Under 30 minutes on 2 cores: four rates and maximum throughput. */
  public static BenchPlan full() {
    return new BenchPlan(
        "full",
        List.of(500, 1_000, 2_000, 5_000),
        Duration.ofSeconds(6),
        Duration.ofSeconds(60),
        Duration.ofSeconds(2),
        Duration.ofSeconds(12),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        16,
        1,
        16);
  }

  /**
   * The same plan, shortened for the load generator's discarded warm-up pass: every phase once,
   * briefly.
   */
  public BenchPlan rehearsal() {
    return new BenchPlan(
        name + " rehearsal",
        rates,
        Duration.ofSeconds(4),
        Duration.ofSeconds(8),
        openWarmup,
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        drain,
        http1Connections,
        h2Connections,
        closedConcurrency);
  }

  /** A check that everything deploys and answers (about a minute), not a measurement. */
  public static BenchPlan smoke() {
    return new BenchPlan(
        "smoke",
        List.of(1_000),
        Duration.ofSeconds(2),
        Duration.ofSeconds(2),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        16,
        1,
        16);
  }

  /** {@code quick}, {@code full} or {@code smoke}. */
  public static BenchPlan named(String name) {
    return switch (name) {
      case "quick" -> quick();
      case "full" -> full();
      case "smoke" -> smoke();
      default ->
          throw new IllegalArgumentException("unknown plan " + name + " (quick, full or smoke)");
    };
  }
}
