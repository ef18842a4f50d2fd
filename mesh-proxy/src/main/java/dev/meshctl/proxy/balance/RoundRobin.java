package dev.meshctl.proxy.balance;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each endpoint in turn, blind to load and weight: the baseline the load-aware choice is measured
 * against. Successive requests start one position further along the endpoints that accept requests
 * and fall back to the ones after it, so an ejected endpoint is simply skipped.
 */
final class RoundRobin implements EndpointChoice {

  private final AtomicLong next = new AtomicLong();

  @Override
  public List<InetSocketAddress> order(InetSocketAddress[] candidates, double[] loads, int count) {
    int first = (int) Math.floorMod(next.getAndIncrement(), (long) count);
    List<InetSocketAddress> order = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      order.add(candidates[(first + i) % count]);
    }
    return order;
  }
}
