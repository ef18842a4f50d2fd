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
 * Warms a deployment up, all protocols at once in closed loop, slice after slice, until two slices
 * in a row are each no more than {@link #SETTLED} faster than the fastest before them (it has
 * stopped getting faster; JIT warm-up comes in steps, so one flat slice is not enough) or the time
 * is up. A JIT-compiled proxy needs many requests before it runs at its steady speed (its compiler
 * shares the one CPU under test), a C proxy none; everything measured here is discarded.
 */
final class Warmup {

  /** How much faster than the one before a slice may be and still count as settled. */
  static final double SETTLED = 0.05;

  private Warmup() {}

  /**
   * Whether slice {@code i} was no more than {@link #SETTLED} faster than the fastest before it
   * (compared with the fastest, not the last, so that a slice slowed by other work does not make
   * the next look like progress).
   */
  static boolean noNewHigh(List<Double> rates, int i) {
    if (i < 1) {
      return false;
    }
    double best = rates.subList(0, i).stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return rates.get(i) <= (1 + SETTLED) * best;
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
      boolean settled = noNewHigh(rates, rates.size() - 1) && noNewHigh(rates, rates.size() - 2);
      if ((longEnough && settled) || elapsed + slice.toNanos() > max.toNanos()) {
        return new ConfigurationResult.Warmup(elapsed / 1e9, List.copyOf(rates), settled);
      }
    }
  }
}
