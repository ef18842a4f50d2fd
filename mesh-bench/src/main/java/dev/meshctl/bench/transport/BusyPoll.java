package dev.meshctl.bench.transport;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;

/**
 * Switches a load client's event loop between blocking in {@code epoll_wait} (the default) and
 * polling without blocking. Waking a thread that sleeps costs tens to hundreds of microseconds on a
 * virtual machine, on every response and every send; a fixed-rate run, whose latencies are
 * fractions of a millisecond, spins instead for its duration, on the load generator's own CPU.
 */
public final class BusyPoll {

  private volatile boolean on;

  /** Spin while {@code on}; block again when off. */
  public void set(boolean on) {
    this.on = on;
  }

  public boolean on() {
    return on;
  }

  /** Netty's select strategy following this switch. */
  SelectStrategyFactory strategy() {
    return () ->
        (selectSupplier, hasTasks) -> {
          if (on) {
            return SelectStrategy.BUSY_WAIT;
          }
          return hasTasks ? selectSupplier.get() : SelectStrategy.SELECT;
        };
  }
}
