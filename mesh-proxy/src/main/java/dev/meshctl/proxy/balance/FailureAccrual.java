package dev.meshctl.proxy.balance;

import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Whether one endpoint may receive requests: it is ejected after a run of consecutive failures, and
 * once its backoff has passed it is probed with a single request whose outcome decides.
 *
 * <pre>
 *   AVAILABLE --N consecutive failures--> EJECTED --backoff passed--> PROBING
 *   PROBING --probe succeeds--> AVAILABLE (backoff back to the minimum)
 *   PROBING --probe fails--> EJECTED (backoff doubled, up to the maximum)
 * </pre>
 *
 * <p>Each backoff is jittered by ±20% so that endpoints ejected together (a shared dependency
 * failed) are not all probed at the same instant. While an endpoint is ejected or probing, the
 * outcomes of requests other than the probe are ignored: they were sent before the ejection and say
 * nothing about the endpoint now.
 */
final class FailureAccrual {

  enum State {
    AVAILABLE,
    EJECTED,
    PROBING
  }

  private static final double JITTER = 0.2;

  private final int failuresToEject;
  private final long minBackoffNanos;
  private final long maxBackoffNanos;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;

  private int consecutiveFailures;
  private boolean ejected;
  private long ejectedUntil;
  private long nextBackoffNanos;
  private boolean probeInFlight;

  FailureAccrual(
      int failuresToEject,
      long minBackoffNanos,
      long maxBackoffNanos,
      LongSupplier nanoClock,
      RandomGenerator random) {
    this.failuresToEject = failuresToEject;
    this.minBackoffNanos = minBackoffNanos;
    this.maxBackoffNanos = maxBackoffNanos;
    this.nanoClock = nanoClock;
    this.random = random;
    this.nextBackoffNanos = minBackoffNanos;
  }

  synchronized State state() {
    if (!ejected) {
      return State.AVAILABLE;
    }
    return nanoClock.getAsLong() - ejectedUntil >= 0 ? State.PROBING : State.EJECTED;
  }

  /** Whether a new request may go to the endpoint: it is available, or awaits its probe. */
  synchronized boolean acceptsRequests() {
    State state = state();
    return state == State.AVAILABLE || (state == State.PROBING && !probeInFlight);
  }

  /**
   * A request to the endpoint starts; returns whether it is the probe, the one request whose
   * outcome decides whether a probing endpoint is restored.
   */
  synchronized boolean start() {
    if (state() == State.PROBING && !probeInFlight) {
      probeInFlight = true;
      return true;
    }
    return false;
  }

  synchronized void succeeded(boolean probe) {
    if (!ejected) {
      consecutiveFailures = 0;
    } else if (probe) {
      ejected = false;
      probeInFlight = false;
      consecutiveFailures = 0;
      nextBackoffNanos = minBackoffNanos;
    }
  }

  synchronized void failed(boolean probe) {
    if (!ejected) {
      if (++consecutiveFailures >= failuresToEject) {
        eject();
      }
    } else if (probe) {
      probeInFlight = false;
      nextBackoffNanos = Math.min(nextBackoffNanos * 2, maxBackoffNanos);
      eject();
    }
  }

  /** A request ended without an outcome; a cancelled probe leaves the endpoint to the next one. */
  synchronized void cancelled(boolean probe) {
    if (probe) {
      probeInFlight = false;
    }
  }

  /** When the current ejection ends, on the nano clock; meaningful only while ejected. */
  synchronized long ejectedUntil() {
    return ejectedUntil;
  }

  private void eject() {
    ejected = true;
    consecutiveFailures = 0;
    double factor = random.nextDouble(1 - JITTER, 1 + JITTER);
    long backoff = Math.min((long) (nextBackoffNanos * factor), maxBackoffNanos);
    ejectedUntil = nanoClock.getAsLong() + backoff;
  }
}
