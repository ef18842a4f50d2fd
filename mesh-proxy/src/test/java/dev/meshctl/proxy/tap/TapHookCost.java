package dev.meshctl.proxy.tap;

import dev.meshctl.proxy.metrics.TapMetrics;
import java.util.Optional;

/**
 * What tap costs the data path while no tap is open, measured without JMH: the hooks an exchange
 * runs per request (the volatile {@link Taps#isOpen()} read, the no-op {@link RequestTap} calls)
 * against the same loop without them. Not a test (no timed assertion anywhere): a program, run from
 * the repository root after {@code ./mvnw -o -pl mesh-proxy test-compile} with
 *
 * <pre>
 * ./mvnw -q -o -pl mesh-proxy dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -XX:CompileCommand=quiet \
 *   -XX:CompileCommand='dontinline,dev.meshctl.proxy.tap.TapHookCost$Exchange::*' \
 *   -cp mesh-proxy/target/classes:mesh-proxy/target/test-classes:$(cat /tmp/cp.txt) \
 *   dev.meshctl.proxy.tap.TapHookCost
 * </pre>
 *
 * The exchange's methods are kept out of line, as the real exchange's are, so that the loop cannot
 * be optimised differently around the volatile read than without it.
 */
public final class TapHookCost {

  private static final long ITERATIONS = 200_000_000L;
  private static final int ROUNDS = 8;

  private TapHookCost() {}

  /** The tap hooks of {@code http/Exchange}, as it runs them for a request no tap observes. */
  static final class Exchange {
    private final Taps taps;
    private RequestTap tap = RequestTap.NONE;
    private TapRequestHead head;

    Exchange(Taps taps) {
      this.taps = taps;
    }

    long withHooks(long i) {
      if (taps.isOpen()) {
        head = null; // never runs: no tap is open
      }
      tap.responseStarted(200);
      if (tap != RequestTap.NONE) {
        tap.responseBytes(i);
        tap.responseEnded(null);
      }
      return work(i);
    }

    long withoutHooks(long i) {
      return work(i);
    }

    private static long work(long i) {
      return (i * 0x9E3779B97F4A7C15L) >>> 7;
    }
  }

  public static void main(String[] args) {
    Exchange exchange = new Exchange(new Taps(Optional.empty(), 4, TapMetrics.NONE));
    long sink = 0;
    double bestWith = Double.MAX_VALUE;
    double bestWithout = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.nanoTime();
      for (long i = 0; i < ITERATIONS; i++) {
        sink += exchange.withoutHooks(i);
      }
      long t1 = System.nanoTime();
      for (long i = 0; i < ITERATIONS; i++) {
        sink += exchange.withHooks(i);
      }
      long t2 = System.nanoTime();
      double without = (t1 - t0) / (double) ITERATIONS;
      double with = (t2 - t1) / (double) ITERATIONS;
      bestWithout = Math.min(bestWithout, without);
      bestWith = Math.min(bestWith, with);
      System.out.printf(
          "round %d: without hooks %.2f ns, with hooks %.2f ns per request%n",
          round, without, with);
    }
    System.out.printf(
        "best of %d: without hooks %.2f ns, with hooks %.2f ns: %.2f ns per request (%d)%n",
        ROUNDS, bestWithout, bestWith, bestWith - bestWithout, sink & 1);
  }
}
