package dev.meshctl.demo.backend;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which calls fail so that a fixed share of them does, deterministically and evenly spread:
 * call {@code n} (counting from 1) fails when {@code floor(n × share)} goes up by one, so at 0.2
 * calls 5, 10, 15... fail, and any run of calls has the share to within one call. Counted in
 * millionths, in whole numbers, so that no rounding drifts over a long run. Thread-safe.
 */
public final class FailureSchedule {

  private static final long MILLION = 1_000_000;

  private final long millionths;
  private final AtomicLong calls = new AtomicLong();

  private FailureSchedule(long millionths) {
    this.millionths = millionths;
  }

  /**
   * @param share from 0 (never fail) to 1 (always fail)
   */
  public static FailureSchedule evenlySpread(double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("a failure share must be between 0 and 1, not " + share);
    }
    return new FailureSchedule(Math.round(share * MILLION));
  }

  /** Whether the next call fails. */
  public boolean nextFails() {
    long n = calls.incrementAndGet();
    return n * millionths / MILLION > (n - 1) * millionths / MILLION;
  }
}
