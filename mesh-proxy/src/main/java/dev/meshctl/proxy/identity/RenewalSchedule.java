package dev.meshctl.proxy.identity;

import java.time.Duration;
import java.time.Instant;

/**
 * When the identity service is asked for a certificate again: a renewal at a fixed fraction of the
 * current leaf's lifetime (from not-before to not-after), and after a failed request a retry with
 * exponential backoff and jitter. Pure arithmetic on the times it is given, so that it is tested
 * without a clock.
 *
 * @param renewAt the fraction of the lifetime after which the certificate is renewed (0 to 1)
 * @param firstRetry the delay after the first failure, doubled after each further one
 * @param maxRetry the longest delay between retries
 * @param jitter each retry delay is scaled by a random factor in {@code [1 - jitter, 1 + jitter)},
 *     so that proxies that failed together do not retry together
 */
record RenewalSchedule(double renewAt, Duration firstRetry, Duration maxRetry, double jitter) {

  /** Renew at 70% of the lifetime; retry after 1 s, doubling up to 60 s, ±20%. */
  static final RenewalSchedule DEFAULT =
      new RenewalSchedule(0.7, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2);

  RenewalSchedule {
    if (!(renewAt > 0 && renewAt < 1)) {
      throw new IllegalArgumentException("renewAt " + renewAt + " is not between 0 and 1");
    }
    if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException(
          "retries from " + firstRetry + " to " + maxRetry + " are not a positive range");
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter " + jitter + " is not in [0, 1)");
    }
  }

  /**
   * How long from {@code now} until the certificate valid from {@code notBefore} to {@code
   * notAfter} is to be renewed; zero when that moment has passed.
   */
  Duration untilRenewal(Instant now, Instant notBefore, Instant notAfter) {
    Duration lifetime = Duration.between(notBefore, notAfter);
    if (lifetime.isNegative()) {
      return Duration.ZERO;
    }
    Instant renewal = notBefore.plusNanos((long) (lifetime.toNanos() * renewAt));
    Duration remaining = Duration.between(now, renewal);
    return remaining.isNegative() ? Duration.ZERO : remaining;
  }

  /**
   * How long to wait after {@code failures} consecutive failed requests (1 after the first).
   *
   * @param random a number in {@code [0, 1)} that picks the jitter
   */
  Duration retryDelay(int failures, double random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures " + failures + " is less than 1");
    }
    // Doubling stops at the cap, so that a long outage does not overflow the shift.
    long base = firstRetry.toNanos();
    long cap = maxRetry.toNanos();
    for (int i = 1; i < failures && base < cap; i++) {
      base *= 2;
    }
    base = Math.min(base, cap);
    double factor = 1 - jitter + 2 * jitter * random;
    return Duration.ofNanos((long) (base * factor));
  }
}
