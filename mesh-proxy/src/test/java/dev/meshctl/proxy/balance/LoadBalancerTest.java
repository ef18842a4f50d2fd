package dev.meshctl.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.balance.LoadBalancer.Attempt;
import dev.meshctl.proxy.balance.LoadBalancer.Outcome;
import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {

  private static final long MS = Duration.ofMillis(1).toNanos();

  private static final Endpoint A = endpoint(9001);
  private static final Endpoint B = endpoint(9002);
  private static final Endpoint C = endpoint(9003);
  private static final Endpoint D = endpoint(9004);

  private final VirtualClock clock = new VirtualClock();
  private final LoadBalancer balancer =
      new LoadBalancer(BalancerConfig.defaults(), clock, new SplittableRandom(7));

  private static Endpoint endpoint(int port) {
    return new Endpoint(new InetSocketAddress("127.0.0.1", port), 1);
  }

  /**
   * Sends {@code requests} one at a time, each to the first endpoint of the order, answered after
   * the endpoint's latency, one millisecond apart; returns how often each endpoint was first.
   */
  private Map<InetSocketAddress, Integer> simulate(
      List<Endpoint> endpoints, Map<Endpoint, Long> latencies, int requests) {
    Map<InetSocketAddress, Integer> firstPicks = new HashMap<>();
    Map<InetSocketAddress, Long> latencyOf = new HashMap<>();
    latencies.forEach((endpoint, latency) -> latencyOf.put(endpoint.address(), latency));
    for (int i = 0; i < requests; i++) {
      InetSocketAddress first = balancer.order(endpoints).get(0);
      firstPicks.merge(first, 1, Integer::sum);
      Attempt attempt = balancer.begin(first);
      attempt.end(Outcome.SUCCESS, latencyOf.get(first));
      clock.advance(Duration.ofMillis(1));
    }
    return firstPicks;
  }

  private void fail(Endpoint endpoint, int times) {
    for (int i = 0; i < times; i++) {
      balancer.begin(endpoint.address()).end(Outcome.FAILURE, MS);
    }
  }

  private boolean neverOrdered(Endpoint endpoint, List<Endpoint> endpoints, int picks) {
    for (int i = 0; i < picks; i++) {
      if (balancer.order(endpoints).contains(endpoint.address())) {
        return false;
      }
    }
    return true;
  }

  @Test
  void slowEndpoint_getsFewFirstPicks_andRegainsItsShareAfterRecovering() {
    List<Endpoint> endpoints = List.of(A, B, C);
    Map<Endpoint, Long> latencies = new HashMap<>(Map.of(A, 50 * MS, B, MS, C, MS));

    Map<InetSocketAddress, Integer> slow = simulate(endpoints, latencies, 2_000);
    assertThat(slow.getOrDefault(A.address(), 0)).isLessThan(200);

    latencies.put(A, MS);
    // Its 50 ms estimate decays while the others carry the traffic, until A is tried again.
    simulate(endpoints, latencies, 60_000);
    Map<InetSocketAddress, Integer> recovered = simulate(endpoints, latencies, 2_000);
    assertThat(recovered.getOrDefault(A.address(), 0)).isBetween(400, 900);
  }

  @Test
  void fallbacks_followTheFirstPick_inAscendingLoad() {
    balancer.begin(A.address()).end(Outcome.SUCCESS, 50 * MS);
    balancer.begin(B.address()).end(Outcome.SUCCESS, 5 * MS);
    balancer.begin(C.address()).end(Outcome.SUCCESS, MS);

    for (int i = 0; i < 100; i++) {
      List<InetSocketAddress> order = balancer.order(List.of(A, B, C));
      assertThat(order).hasSize(3).doesNotHaveDuplicates();
      assertThat(order.get(0)).isNotEqualTo(A.address());
      List<InetSocketAddress> fallbacks = order.subList(1, 3);
      assertThat(fallbacks)
          .isEqualTo(
              order.get(0).equals(B.address())
                  ? List.of(C.address(), A.address())
                  : List.of(B.address(), A.address()));
    }
  }

  @Test
  void pendingRequests_raiseLoad_soABusyEndpointIsAvoided() {
    List<Endpoint> endpoints = List.of(A, B, C);
    for (Endpoint endpoint : endpoints) {
      balancer.begin(endpoint.address()).end(Outcome.SUCCESS, MS);
    }
    List<Attempt> inFlight = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      inFlight.add(balancer.begin(A.address()));
    }

    Map<InetSocketAddress, Integer> picks = simulate(endpoints, Map.of(A, MS, B, MS, C, MS), 500);
    assertThat(picks).doesNotContainKey(A.address());
    assertThat(balancer.order(endpoints).get(2)).isEqualTo(A.address());

    inFlight.forEach(attempt -> attempt.end(Outcome.SUCCESS, MS));
    picks = simulate(endpoints, Map.of(A, MS, B, MS, C, MS), 500);
    assertThat(picks.get(A.address())).isGreaterThan(100);
  }

  @Test
  void weight_dividesLoad() {
    Endpoint heavy = new Endpoint(A.address(), 10);
    balancer.begin(A.address()).end(Outcome.SUCCESS, 5 * MS);
    balancer.begin(B.address()).end(Outcome.SUCCESS, MS);

    assertThat(balancer.order(List.of(heavy, B)).get(0)).isEqualTo(heavy.address());
  }

  @Test
  void singleAvailableEndpoint_isReturnedAlone() {
    assertThat(balancer.order(List.of(A))).containsExactly(A.address());

    fail(B, 7);
    assertThat(balancer.order(List.of(A, B))).containsExactly(A.address());
  }

  @Test
  void sevenConsecutiveFailures_ejectUntilTheBackoffHasPassed() {
    List<Endpoint> endpoints = List.of(A, B, C);
    fail(A, 6);
    assertThat(balancer.order(endpoints)).contains(A.address());

    fail(A, 1);
    assertThat(neverOrdered(A, endpoints, 200)).isTrue();
    clock.advance(Duration.ofMillis(799));
    assertThat(neverOrdered(A, endpoints, 200)).as("within the shortest jittered backoff").isTrue();

    clock.advance(Duration.ofMillis(401));
    assertThat(balancer.order(endpoints)).as("probing after the longest").contains(A.address());
  }

  @Test
  void probe_isASingleRequest_whoseSuccessRestoresTheEndpoint() {
    List<Endpoint> endpoints = List.of(A, B, C);
    fail(A, 7);
    clock.advance(Duration.ofMillis(1200));

    Attempt probe = balancer.begin(A.address());
    assertThat(neverOrdered(A, endpoints, 100)).as("while the probe is in flight").isTrue();

    probe.end(Outcome.SUCCESS, MS);
    assertThat(balancer.order(endpoints)).contains(A.address());
    fail(A, 6);
    assertThat(balancer.order(endpoints)).as("failures count from zero").contains(A.address());
  }

  @Test
  void failedProbe_reejectsWithDoubledBackoff() {
    List<Endpoint> endpoints = List.of(A, B);
    fail(A, 7);
    clock.advance(Duration.ofMillis(1200));

    fail(A, 1);

    clock.advance(Duration.ofMillis(1599));
    assertThat(neverOrdered(A, endpoints, 100)).as("within 2 s - 20%").isTrue();
    clock.advance(Duration.ofMillis(801));
    assertThat(balancer.order(endpoints)).as("after 2 s + 20%").contains(A.address());
  }

  @Test
  void backoff_isCappedAtSixtySeconds() {
    List<Endpoint> endpoints = List.of(A, B);
    fail(A, 7);
    clock.advance(Duration.ofMillis(1200));
    long nominal = 2;
    for (int i = 0; i < 12; i++) {
      fail(A, 1);
      long shortest = Math.min(nominal, 60) * 800 - 1;
      long longest = Math.min(nominal * 1200, 60_000);
      clock.advance(Duration.ofMillis(shortest));
      assertThat(neverOrdered(A, endpoints, 1)).as("ejected at %d ms", shortest).isTrue();
      clock.advance(Duration.ofMillis(longest - shortest));
      assertThat(balancer.order(endpoints)).as("probing at %d ms", longest).contains(A.address());
      nominal *= 2;
    }
  }

  @Test
  void allEjected_givesAnEmptyOrder() {
    fail(A, 7);
    fail(B, 7);

    assertThat(balancer.order(List.of(A, B))).isEmpty();
  }

  @Test
  void changedEndpointSet_keepsTheStateOfTheEndpointsThatStay() {
    fail(A, 7);
    balancer.begin(B.address()).end(Outcome.SUCCESS, 200 * MS);
    fail(C, 7);

    List<InetSocketAddress> order = balancer.order(List.of(A, B, D));
    assertThat(order).as("A still ejected, B still slow").containsExactly(D.address(), B.address());

    order = balancer.order(List.of(A, B, C, D));
    assertThat(order).as("A still ejected").doesNotContain(A.address());
    assertThat(order.get(order.size() - 1)).as("B still slow").isEqualTo(B.address());
  }

  @Test
  void removedEndpoint_isForgotten() {
    fail(C, 7);
    balancer.order(List.of(A, B));

    assertThat(balancer.order(List.of(A, B, C))).contains(C.address());
  }

  @Test
  void endTwice_countsOnce() {
    for (int i = 0; i < 6; i++) {
      Attempt attempt = balancer.begin(A.address());
      attempt.end(Outcome.FAILURE, MS);
      attempt.end(Outcome.FAILURE, MS);
    }
    assertThat(balancer.pending(A.address())).isZero();
    assertThat(balancer.order(List.of(A, B))).contains(A.address());

    fail(A, 1);
    assertThat(balancer.order(List.of(A, B))).containsExactly(B.address());
  }

  @Test
  void cancelled_onlyEndsTheRequest() {
    balancer.begin(A.address()).end(Outcome.SUCCESS, MS);
    fail(A, 6);
    Attempt attempt = balancer.begin(A.address());
    assertThat(balancer.pending(A.address())).isEqualTo(1);

    attempt.end(Outcome.CANCELLED, 500 * MS);

    assertThat(balancer.pending(A.address())).isZero();
    assertThat(balancer.order(List.of(A, B))).contains(A.address());
  }

  @Test
  void concurrentAttempts_leaveNothingPending() throws Exception {
    List<Endpoint> endpoints = List.of(A, B, C);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < 20_000; i++) {
                    Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
                    Attempt attempt = balancer.begin(endpoint.address());
                    Outcome outcome = Outcome.values()[random.nextInt(3)];
                    attempt.end(outcome, random.nextLong(1, 10 * MS));
                    if (random.nextBoolean()) {
                      attempt.end(outcome, MS);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    for (Endpoint endpoint : endpoints) {
      assertThat(balancer.pending(endpoint.address())).isZero();
    }
  }
}
