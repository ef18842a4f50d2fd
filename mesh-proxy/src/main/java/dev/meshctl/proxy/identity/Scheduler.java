package dev.meshctl.proxy.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time for {@link CertifyIdentitySource}: what time it is, and running a task later on the one
 * thread all of the source's work runs on. A {@link ScheduledExecutorService} and the system clock
 * in production; virtual time in tests.
 */
interface Scheduler {

  Instant now();

  /** Runs {@code task} after {@code delay} (zero: as soon as the thread is free). */
  Scheduled schedule(Runnable task, Duration delay);

  /** A task not run yet, which can be called off. */
  interface Scheduled {
    void cancel();
  }

  /** On {@code executor} (which must run one task at a time), with {@code clock}'s time. */
  static Scheduler of(ScheduledExecutorService executor, Clock clock) {
    return new Scheduler() {
      @Override
      public Instant now() {
        return clock.instant();
      }

      @Override
      public Scheduled schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }
    };
  }
}
