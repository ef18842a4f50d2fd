package dev.meshctl.bench.run;

import dev.meshctl.bench.load.ClosedLoopRun;
import dev.meshctl.bench.load.LoadClient;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.results.ConfigurationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Warms a deployment up, all protocols at once in closed loop, slice after slice, until it has
 * stopped getting faster (see {@link #settled}) or the time is up. A JIT-compiled proxy needs many
 * requests before it runs at its steady speed (its compiler shares the one CPU under test), a C
 * proxy none; everything measured here is discarded.
 */
final class Warmup {

  /** How much faster than the one before a slice may be and still count as settled. */
  static final double SETTLED = 0.05;

  private Warmup() {}

  /**
   * Whether the last two slices are both no more than {@link #SETTLED} faster than the fastest
   * slice before them: compared over two slices, so that a slow, steady rise (a JIT compiler at
   * work a little at a time) does not pass for a plateau, and with the fastest earlier slice rather
   * than the last one, so that recovering from a slice slowed by other work does not look like
   * progress.
   */
  static boolean settled(List<Double> rates) {
    int n = rates.size();
    if (n < 3) {
      return false;
    }
    double before =
        rates.subList(0, n - 2).stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return Math.max(rates.get(n - 1), rates.get(n - 2)) <= (1 + SETTLED) * before;
  }

  static ConfigurationResult.Warmup run(
      Collection<LoadClient> clients,
      int concurrency,
      Duration slice,
      Duration min,
      Duration max,
      Duration drain)
      throws InterruptedException {
    long start = System.nanoTime();
    List<Double> rates = new ArrayList<>();
    while (true) {
      List<CompletableFuture<LoadResult>> runs = new ArrayList<>();
      for (LoadClient client : clients) {
        runs.add(ClosedLoopRun.start(client, concurrency, slice, drain));
      }
      double rate = 0;
      for (CompletableFuture<LoadResult> run : runs) {
        try {
          rate += run.get().achievedRate();
        } catch (ExecutionException e) {
          throw new IllegalStateException("warm-up failed", e.getCause());
        }
      }
      rates.add(rate);
      long elapsed = System.nanoTime() - start;
      boolean longEnough = elapsed >= min.toNanos();
      boolean settled = settled(rates);
      if ((longEnough && settled) || elapsed + slice.toNanos() > max.toNanos()) {
        return new ConfigurationResult.Warmup(elapsed / 1e9, List.copyOf(rates), settled);
      }
    }
  }
}
