package dev.meshctl.proxy.balance;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The {@link LoadBalancer} of each destination, created on first use with the shared configuration,
 * clock and random source.
 */
public final class LoadBalancers {

  private final BalancerConfig config;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;
  private final Map<Object, LoadBalancer> balancers = new ConcurrentHashMap<>();

  /**
   * @param random used from every thread that picks endpoints, so it must be thread-safe
   */
  public LoadBalancers(BalancerConfig config, LongSupplier nanoClock, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.random = Objects.requireNonNull(random);
  }

  /** Balancers on {@link System#nanoTime} and each calling thread's own random source. */
  public static LoadBalancers create(BalancerConfig config) {
    return new LoadBalancers(config, System::nanoTime, LoadBalancers::threadLocalLong);
  }

  /** The balancer of the destination identified by {@code key} (e.g. its authority). */
  public LoadBalancer forDestination(Object key) {
    return balancers.computeIfAbsent(
        Objects.requireNonNull(key), k -> new LoadBalancer(config, nanoClock, random));
  }

  private static long threadLocalLong() {
    return ThreadLocalRandom.current().nextLong();
  }
}
