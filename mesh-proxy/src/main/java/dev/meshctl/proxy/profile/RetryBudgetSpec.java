package dev.meshctl.proxy.profile;

import java.time.Duration;
import java.util.Objects;

/**
 * How many retries a destination allows, as a Linkerd ServiceProfile's {@code retryBudget}: retries
 * may add {@code retryRatio} of the original requests of the last {@code ttl}, plus {@code
 * minRetriesPerSecond} so that low traffic can still retry. {@link RetryBudget} enforces it. The
 * limits on the ratio and the ttl are Linkerd's (Finagle's, by way of Tower).
 *
 * @param retryRatio retries per original request, from 0 to {@value #MAX_RETRY_RATIO}
 * @param minRetriesPerSecond retries allowed per second whatever the traffic, at least 0
 * @param ttl how long an original request counts towards the ratio, from 1s to 60s
 */
public record RetryBudgetSpec(double retryRatio, int minRetriesPerSecond, Duration ttl) {

  public static final double DEFAULT_RETRY_RATIO = 0.2;
  public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 10;
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  public static final double MAX_RETRY_RATIO = 1000;
  public static final Duration MIN_TTL = Duration.ofSeconds(1);
  public static final Duration MAX_TTL = Duration.ofSeconds(60);

  /** Linkerd's defaults: 20% more requests, at least 10 retries a second, over 10 seconds. */
  public static final RetryBudgetSpec DEFAULT =
      new RetryBudgetSpec(DEFAULT_RETRY_RATIO, DEFAULT_MIN_RETRIES_PER_SECOND, DEFAULT_TTL);

  /**
   * Validates the budget; a message starts with the field, as in {@code retryRatio: -0.5 must be at
   * least 0}.
   */
  public RetryBudgetSpec {
    if (Double.isNaN(retryRatio)) {
      throw new IllegalArgumentException(
          "retryRatio: NaN is not a number from 0 to " + formatRatio(MAX_RETRY_RATIO));
    }
    if (retryRatio < 0) {
      throw new IllegalArgumentException(
          "retryRatio: " + formatRatio(retryRatio) + " must be at least 0");
    }
    if (retryRatio > MAX_RETRY_RATIO) {
      throw new IllegalArgumentException(
          "retryRatio: "
              + formatRatio(retryRatio)
              + " must be at most "
              + formatRatio(MAX_RETRY_RATIO)
              + ", as in Linkerd");
    }
    if (minRetriesPerSecond < 0) {
      throw new IllegalArgumentException(
          "minRetriesPerSecond: " + minRetriesPerSecond + " must be at least 0");
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "ttl: "
              + Durations.format(ttl)
              + " must be from "
              + MIN_TTL.toSeconds()
              + "s to "
              + MAX_TTL.toSeconds()
              + "s, as in Linkerd");
    }
  }

  /** {@code 2} rather than {@code 2.0}, {@code -0.5} as is. */
  private static String formatRatio(double ratio) {
    return ratio == Math.rint(ratio) && !Double.isInfinite(ratio) && Math.abs(ratio) < 1e15
        ? Long.toString((long) ratio)
        : Double.toString(ratio);
  }
}
