package dev.meshctl.proxy.balance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nano clock that moves only when a test advances it; starts far from zero, as nanoTime does. */
final class VirtualClock implements LongSupplier {

  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofHours(1).toNanos());

  @Override
  public long getAsLong() {
    return now.get();
  }

  void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }
}
