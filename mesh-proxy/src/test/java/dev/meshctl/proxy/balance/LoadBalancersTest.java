package dev.meshctl.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.balance.LoadBalancer.Outcome;
import dev.meshctl.proxy.config.ProxyConfig.Balancer;
import dev.meshctl.proxy.discovery.Endpoint;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadBalancersTest {

  private final LoadBalancers balancers =
      new LoadBalancers(BalancerConfig.defaults(), new VirtualClock(), new SplittableRandom(1));

  @Test
  void sameDestination_getsTheSameBalancer() {
    assertThat(balancers.forDestination("web:8080")).isSameAs(balancers.forDestination("web:8080"));
  }

  @Test
  void destinations_keepSeparateState() {
    Endpoint shared = new Endpoint(new InetSocketAddress("127.0.0.1", 9001), 1);
    LoadBalancer web = balancers.forDestination("web:8080");
    for (int i = 0; i < 7; i++) {
      web.begin(shared.address()).end(Outcome.FAILURE, 1);
    }

    assertThat(web.order(List.of(shared))).isEmpty();
    assertThat(balancers.forDestination("api:8080").order(List.of(shared)))
        .containsExactly(shared.address());
  }

  @Test
  void strategy_appliesToEveryDestination() {
    LoadBalancers roundRobin =
        new LoadBalancers(
            BalancerConfig.defaults(),
            Balancer.ROUND_ROBIN,
            new VirtualClock(),
            new SplittableRandom(1));
    List<Endpoint> endpoints =
        List.of(
            new Endpoint(new InetSocketAddress("127.0.0.1", 9001), 1),
            new Endpoint(new InetSocketAddress("127.0.0.1", 9002), 1));

    for (String destination : List.of("web:8080", "api:8080")) {
      LoadBalancer balancer = roundRobin.forDestination(destination);
      assertThat(balancer.order(endpoints).get(0)).isEqualTo(endpoints.get(0).address());
      assertThat(balancer.order(endpoints).get(0)).isEqualTo(endpoints.get(1).address());
      assertThat(balancer.order(endpoints).get(0)).isEqualTo(endpoints.get(0).address());
    }
  }

  @Test
  void systemBalancers_pickFromSeveralThreads() throws Exception {
    LoadBalancer balancer = LoadBalancers.create(BalancerConfig.defaults()).forDestination("web");
    List<Endpoint> endpoints =
        List.of(
            new Endpoint(new InetSocketAddress("127.0.0.1", 9001), 1),
            new Endpoint(new InetSocketAddress("127.0.0.1", 9002), 1));
    Thread other = new Thread(() -> balancer.order(endpoints));
    other.start();
    other.join();

    assertThat(balancer.order(endpoints)).hasSize(2).doesNotHaveDuplicates();
  }
}
