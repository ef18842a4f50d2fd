package dev.meshctl.proxy.discovery.remote;

import java.time.Duration;

/**
 * How long to wait before trying the controller again after consecutive failures: exponential,
 * capped, with jitter so that proxies that lost the controller together do not come back together.
 * Pure arithmetic, tested without a clock.
 *
 * @param first the delay after the first failure, doubled after each further one
 * @param max the longest delay
 * @param jitter each delay is scaled by a random factor in {@code [1 - jitter, 1 + jitter)}
 */
record Backoff(Duration first, Duration max, double jitter) {

  /** From 500 ms, doubling up to 30 s, ±20%. */
  static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);

  Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "backoff from " + first + " to " + max + " is not a positive range");
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter " + jitter + " is not in [0, 1)");
    }
  }

  /**
   * The delay after {@code failures} consecutive failures (1 after the first).
   *
   * @param random a number in {@code [0, 1)} that picks the jitter
   */
  Duration delay(int failures, double random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures " + failures + " is less than 1");
    }
    // Doubling stops at the cap, so that a long outage does not overflow the shift.
    long base = first.toNanos();
    long cap = max.toNanos();
    for (int i = 1; i < failures && base < cap; i++) {
      base *= 2;
    }
    base = Math.min(base, cap);
    double factor = 1 - jitter + 2 * jitter * random;
    return Duration.ofNanos((long) (base * factor));
  }
}
