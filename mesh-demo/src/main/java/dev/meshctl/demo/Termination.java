package dev.meshctl.demo;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * The request to stop a running workload: SIGTERM or SIGINT for a process, {@link #trigger()} in
 * tests. A workload command serves until it is triggered, then closes what it started and exits 0.
 */
public final class Termination {

  private final CountDownLatch requested = new CountDownLatch(1);

  /**
   * A termination triggered by SIGTERM or SIGINT. Handling the signals (rather than a shutdown
   * hook) is what lets the process stop cleanly and still exit 0, as a pod's container should.
   */
  static Termination onSignals() {
    Termination termination = new Termination();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> termination.trigger());
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal to itself (-Xrs, or a platform without it): its default
        // behaviour, stopping the process, still applies.
      }
    }
    return termination;
  }

  public void trigger() {
    requested.countDown();
  }

  /** Blocks until {@link #trigger()} has been called. */
  public void await() throws InterruptedException {
    requested.await();
  }
}
