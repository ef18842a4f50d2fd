package dev.meshctl.proxy.balance;

import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Weighted round robin over a destination's endpoints, with a short back-off for endpoints that
 * just refused a connection: they go to the end of the order until it passes, so a killed backend
 * stops receiving requests while the others carry them.
 */
public final class RoundRobinBalancer {

  private final long backoffNanos;
  private final LongSupplier nanoClock;
  private final Map<Object, AtomicLong> cursors = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Long> failedUntil = new ConcurrentHashMap<>();

  public RoundRobinBalancer(long backoffNanos, LongSupplier nanoClock) {
    this.backoffNanos = backoffNanos;
    this.nanoClock = nanoClock;
  }

  /**
   * The endpoints in the order to try them: the next pick of the rotation for this key first (by
   * weight), healthy endpoints before backed-off ones.
   */
  public List<InetSocketAddress> order(Object key, List<Endpoint> endpoints) {
    int n = endpoints.size();
    if (n == 1) {
      return List.of(endpoints.get(0).address());
    }
    long totalWeight = 0;
    for (Endpoint endpoint : endpoints) {
      totalWeight += endpoint.weight();
    }
    long tick = cursors.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
    long slot = Math.floorMod(tick, totalWeight);
    int first = 0;
    for (long seen = endpoints.get(0).weight();
        seen <= slot;
        seen += endpoints.get(first).weight()) {
      first++;
    }
    long now = nanoClock.getAsLong();
    List<InetSocketAddress> healthy = new ArrayList<>(n);
    List<InetSocketAddress> backedOff = new ArrayList<>(0);
    for (int i = 0; i < n; i++) {
      InetSocketAddress address = endpoints.get((first + i) % n).address();
      Long until = failedUntil.get(address);
      if (until != null && until - now > 0) {
        backedOff.add(address);
      } else {
        healthy.add(address);
      }
    }
    healthy.addAll(backedOff);
    return healthy;
  }

  /** Connecting to the endpoint failed: try it last for a while. */
  public void connectFailed(InetSocketAddress endpoint) {
    failedUntil.put(endpoint, nanoClock.getAsLong() + backoffNanos);
  }
}
