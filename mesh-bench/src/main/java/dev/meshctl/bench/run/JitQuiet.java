package dev.meshctl.bench.run;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Waits until the load generator's own JIT compiler has gone quiet. A warm-up leaves compilations
 * queued, and the compiler threads share the generator's one CPU: compiling during a measured run
 * makes the generator send late, which counts as latency of whatever is measured. Before each
 * measured run, this waits until no compilation has finished for a little while (bounded).
 */
final class JitQuiet {

  private static final long QUIET_MILLIS = 300;
  private static final long MAX_WAIT_MILLIS = 3_000;
  private static final long POLL_MILLIS = 50;

  private JitQuiet() {}

  /** Returns once no compilation finished for {@code 300 ms}, or after 3 s. */
  static void await() throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      Thread.sleep(QUIET_MILLIS);
      return;
    }
    long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000;
    long last = jit.getTotalCompilationTime();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
      long now = jit.getTotalCompilationTime();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= QUIET_MILLIS * 1_000_000) {
        return;
      }
    }
  }
}
