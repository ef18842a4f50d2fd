package dev.meshctl.proxy.balance;

import java.time.Duration;

/**
 * How a {@link LoadBalancer} weighs and ejects endpoints; validated once, shared by the balancers
 * of all destinations.
 *
 * @param decay how fast a latency estimate forgets: a sample's weight falls to 1/e after this long
 * @param defaultRtt the latency assumed for an endpoint before its first response
 * @param failuresToEject consecutive failures after which an endpoint receives no traffic
 * @param minBackoff how long an endpoint stays ejected the first time, before jitter
 * @param maxBackoff the longest an endpoint stays ejected, jitter included
 */
public record BalancerConfig(
    Duration decay,
    Duration defaultRtt,
    int failuresToEject,
    Duration minBackoff,
    Duration maxBackoff) {

  public BalancerConfig {
    requirePositive("decay", decay);
    requirePositive("defaultRtt", defaultRtt);
    requirePositive("minBackoff", minBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (failuresToEject < 1) {
      throw new IllegalArgumentException(
          "failuresToEject " + failuresToEject + " is not at least 1");
    }
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than minBackoff " + minBackoff);
    }
  }

  /**
   * Linkerd's choices: a 10 s decay, 30 ms until measured, ejection after 7 consecutive failures
   * for 1 s doubling up to 60 s.
   */
  public static BalancerConfig defaults() {
    return new BalancerConfig(
        Duration.ofSeconds(10),
        Duration.ofMillis(30),
        7,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60));
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " " + value + " is not a positive duration");
    }
  }
}
