package dev.meshctl.proxy.balance;

import java.util.function.LongSupplier;

/**
 * One endpoint's load: a peak-sensitive moving average of its response latency times the requests
 * in flight to it plus one, as in Finagle's and Linkerd's (tower's) {@code PeakEwma}.
 *
 * <p>A sample above the current estimate replaces it at once, so a slowing endpoint is avoided from
 * its first slow response; a lower sample pulls the estimate towards itself with the weight {@code
 * 1 - exp(-elapsed / decay)}, so recovery is believed gradually. Between samples the estimate
 * decays towards zero, as those implementations do whenever the load is read: an endpoint that
 * stopped receiving traffic after a latency spike is tried again once the spike has faded, and its
 * next response measures it afresh.
 *
 * <p>Called from several event loops; every method is a few arithmetic operations under the lock.
 */
final class PeakEwma {

  /** Nanoseconds; keeps the in-flight factor meaningful after hours without a sample. */
  private static final double MIN_COST = 1.0;

  private final double decayNanos;
  private final LongSupplier nanoClock;

  private double cost;
  private long stamp;
  private boolean sampled;
  private int pending;

  PeakEwma(long decayNanos, long defaultRttNanos, LongSupplier nanoClock) {
    this.decayNanos = decayNanos;
    this.nanoClock = nanoClock;
    this.cost = defaultRttNanos;
    this.stamp = nanoClock.getAsLong();
  }

  /** A request to the endpoint started. */
  synchronized void start() {
    pending++;
  }

  /** A request to the endpoint ended, however it ended. */
  synchronized void finish() {
    pending--;
  }

  /** A response arrived after {@code rttNanos}; the first one replaces the default estimate. */
  synchronized void observe(long rttNanos) {
    long now = nanoClock.getAsLong();
    double rtt = Math.max(0, rttNanos);
    double weight = weight(now);
    double current = Math.max(cost * weight, MIN_COST);
    if (!sampled || rtt > current) {
      cost = rtt;
    } else {
      cost = current * weight + rtt * (1 - weight);
    }
    sampled = true;
    stamp = now;
  }

  /** The latency estimate in nanoseconds, decayed to now. */
  synchronized double cost() {
    return Math.max(cost * weight(nanoClock.getAsLong()), MIN_COST);
  }

  /** The cost of sending this endpoint one more request: the estimate times (in flight + 1). */
  synchronized double load() {
    return cost() * (pending + 1);
  }

  synchronized int pending() {
    return pending;
  }

  private double weight(long now) {
    long elapsed = Math.max(0, now - stamp);
    return Math.exp(-elapsed / decayNanos);
  }
}
