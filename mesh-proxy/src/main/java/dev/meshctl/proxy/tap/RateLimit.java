package dev.meshctl.proxy.tap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} admissions in each second of the ticker's time: a fixed window, so a
 * run of {@code n} seconds admits at most {@code perSecond * (n + 1)}. Lock-free, for callers on
 * several event loops at once: the window's number and its count share one atomic long.
 */
final class RateLimit {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int COUNT_BITS = 24;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

  private final int perSecond;
  private final LongSupplier nanoTime;
  private final AtomicLong state = new AtomicLong(-1L << COUNT_BITS);

  /**
   * @param perSecond at most 2^24 - 1
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}, or a test's)
   */
  RateLimit(int perSecond, LongSupplier nanoTime) {
    if (perSecond < 1 || perSecond > COUNT_MASK) {
      throw new IllegalArgumentException("perSecond out of range: " + perSecond);
    }
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
  }

  /** Takes one admission in the current second, if any is left. */
  boolean tryAcquire() {
    long window = Math.floorDiv(nanoTime.getAsLong(), NANOS_PER_SECOND);
    while (true) {
      long current = state.get();
      long next;
      if (current >> COUNT_BITS != window) {
        next = (window << COUNT_BITS) | 1;
      } else if ((current & COUNT_MASK) >= perSecond) {
        return false;
      } else {
        next = current + 1;
      }
      if (state.compareAndSet(current, next)) {
        return true;
      }
    }
  }
}
