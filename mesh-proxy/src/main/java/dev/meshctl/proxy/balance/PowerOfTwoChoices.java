package dev.meshctl.proxy.balance;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The lighter of two distinct endpoints drawn at random, then the rest in ascending load as
 * fallbacks for connect failures: Linkerd's (tower's) choice over {@link PeakEwma} load. Comparing
 * two random endpoints rather than taking the lightest of all keeps every balancer from herding
 * onto the same endpoint between load updates.
 */
final class PowerOfTwoChoices implements EndpointChoice {

  private final RandomGenerator random;

  /**
   * @param random used from every thread that calls {@link #order}, so it must be thread-safe
   */
  PowerOfTwoChoices(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public List<InetSocketAddress> order(InetSocketAddress[] candidates, double[] loads, int count) {
    int a = random.nextInt(count);
    int b = random.nextInt(count - 1);
    if (b >= a) {
      b++;
    }
    int first = loads[b] < loads[a] ? b : a;

    Integer[] rest = new Integer[count - 1];
    for (int i = 0, j = 0; i < count; i++) {
      if (i != first) {
        rest[j++] = i;
      }
    }
    Arrays.sort(rest, (x, y) -> Double.compare(loads[x], loads[y]));
    List<InetSocketAddress> order = new ArrayList<>(count);
    order.add(candidates[first]);
    for (int i : rest) {
      order.add(candidates[i]);
    }
    return order;
  }
}
