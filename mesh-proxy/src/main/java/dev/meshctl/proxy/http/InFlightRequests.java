package dev.meshctl.proxy.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts requests in flight across all connections, so that shutdown can wait for them. */
public final class InFlightRequests {

  private final AtomicInteger count = new AtomicInteger();
  private final Object lock = new Object();

  void started() {
    count.incrementAndGet();
  }

  void ended() {
    if (count.decrementAndGet() == 0) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  public int count() {
    return count.get();
  }

  /** Waits until no request is in flight or the timeout passes; true when none is left. */
  public boolean awaitNone(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (count.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
    return true;
  }
}
