package dev.meshctl.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.balance.LoadBalancer.Outcome;
import dev.meshctl.proxy.config.ProxyConfig.Balancer;
import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A {@link Balancer#ROUND_ROBIN} {@link LoadBalancer}: turns, blind to load, ejections kept. */
class RoundRobinTest {

  private static final long MS = Duration.ofMillis(1).toNanos();

  private static final Endpoint A = endpoint(9001);
  private static final Endpoint B = endpoint(9002);
  private static final Endpoint C = endpoint(9003);
  private static final List<Endpoint> ENDPOINTS = List.of(A, B, C);

  private final VirtualClock clock = new VirtualClock();
  private final LoadBalancer balancer =
      new LoadBalancer(
          BalancerConfig.defaults(), Balancer.ROUND_ROBIN, clock, new SplittableRandom(7));

  private static Endpoint endpoint(int port) {
    return new Endpoint(new InetSocketAddress("127.0.0.1", port), 1);
  }

  /**
   * Sends {@code requests} one a millisecond, each to the first endpoint of the order, answered
   * after {@code latencyOfA} from A and 1 ms from the others; returns the first picks.
   */
  private List<InetSocketAddress> send(int requests, long latencyOfA) {
    List<InetSocketAddress> firstPicks = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      InetSocketAddress first = balancer.order(ENDPOINTS).get(0);
      firstPicks.add(first);
      balancer.begin(first).end(Outcome.SUCCESS, first.equals(A.address()) ? latencyOfA : MS);
      clock.advance(Duration.ofMillis(1));
    }
    return firstPicks;
  }

  @Test
  void endpointsTakeTurns_withTheFollowingOnesAsFallbacks_whateverTheirLatency() {
    assertThat(balancer.order(ENDPOINTS)).containsExactly(A.address(), B.address(), C.address());
    assertThat(balancer.order(ENDPOINTS)).containsExactly(B.address(), C.address(), A.address());
    assertThat(balancer.order(ENDPOINTS)).containsExactly(C.address(), A.address(), B.address());

    List<InetSocketAddress> picks = send(300, 50 * MS);

    // Where P2C over PeakEWMA would avoid the 50 ms endpoint, round robin keeps sending it a third.
    assertThat(picks.subList(0, 6))
        .containsExactly(
            A.address(), B.address(), C.address(), A.address(), B.address(), C.address());
    assertThat(picks.stream().filter(A.address()::equals).count()).isEqualTo(100);
  }

  @Test
  void ejectedEndpoint_isSkipped_untilItsBackoffHasPassed() {
    for (int i = 0; i < 7; i++) {
      balancer.begin(B.address()).end(Outcome.FAILURE, MS);
    }

    List<InetSocketAddress> picks = send(100, MS);
    assertThat(picks).doesNotContain(B.address());
    assertThat(picks.stream().filter(A.address()::equals).count()).isEqualTo(50);
    assertThat(balancer.order(ENDPOINTS)).hasSize(2).doesNotContain(B.address());

    clock.advance(Duration.ofMillis(1200)); // past the longest jittered first backoff
    assertThat(send(3, MS)).as("probed in its turn").contains(B.address());
  }
}
