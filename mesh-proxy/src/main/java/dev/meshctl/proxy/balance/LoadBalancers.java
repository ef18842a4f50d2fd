package dev.meshctl.proxy.balance;

import dev.meshctl.proxy.config.ProxyConfig.Balancer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The {@link LoadBalancer} of each destination, created on first use with the shared configuration,
 * strategy, clock and random source.
 */
public final class LoadBalancers {

  private final BalancerConfig config;
  private final Balancer strategy;
  private final LongSupplier nanoClock;
  private final RandomGenerator random;
  private final Map<Object, LoadBalancer> balancers = new ConcurrentHashMap<>();

  /** {@link Balancer#PEAK_EWMA} balancers, the default. */
  public LoadBalancers(BalancerConfig config, LongSupplier nanoClock, RandomGenerator random) {
    this(config, Balancer.PEAK_EWMA, nanoClock, random);
  }

  /**
   * @param strategy how each balancer chooses the endpoint of a request
   * @param random used from every thread that picks endpoints, so it must be thread-safe
   */
  public LoadBalancers(
      BalancerConfig config, Balancer strategy, LongSupplier nanoClock, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    this.strategy = Objects.requireNonNull(strategy);
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * {@link Balancer#PEAK_EWMA} balancers on the system clock; see {@link #create(BalancerConfig,
   * Balancer)}.
   */
  public static LoadBalancers create(BalancerConfig config) {
    return create(config, Balancer.PEAK_EWMA);
  }

  /**
   * Balancers using {@code strategy} ({@code MESH_PROXY_OUTBOUND_BALANCER}), on {@link
   * System#nanoTime} and each calling thread's own random source.
   */
  public static LoadBalancers create(BalancerConfig config, Balancer strategy) {
    return new LoadBalancers(config, strategy, System::nanoTime, LoadBalancers::threadLocalLong);
  }

  /** The balancer of the destination identified by {@code key} (e.g. its authority). */
  public LoadBalancer forDestination(Object key) {
    return balancers.computeIfAbsent(
        Objects.requireNonNull(key), k -> new LoadBalancer(config, strategy, nanoClock, random));
  }

  private static long threadLocalLong() {
    return ThreadLocalRandom.current().nextLong();
  }
}
