package dev.meshctl.proxy.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.http.RoutePolicy;
import dev.meshctl.proxy.metrics.PrometheusProxyMetrics;
import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutePoliciesTest {

  private static final Authority BOOKS = new Authority("books.test", 8080);

  private final RoutePolicies policies =
      new RoutePolicies(new PrometheusProxyMetrics(new PrometheusRegistry()));

  private static ServiceProfile profile(double retryRatio) {
    return new ServiceProfile(
        List.of(
            new RouteSpec("list", RequestMatch.method("GET"), true, Optional.empty()),
            new RouteSpec("write", RequestMatch.method("PUT"), false, Optional.empty())),
        new RetryBudgetSpec(retryRatio, 10, Duration.ofSeconds(10)));
  }

  private static Destination destination(ServiceProfile profile) {
    return new Destination(BOOKS, List.of(), profile);
  }

  private RoutePolicy policy(Destination destination, String method) {
    return policies.policy(destination, destination.profile().route(method, "/books"));
  }

  @Test
  void eachRoute_hasItsOwnPolicy_sharedByItsRequests_andOneBudgetForTheDestination() {
    Destination books = destination(profile(0.2));

    RoutePolicy list = policy(books, "GET");
    RoutePolicy write = policy(books, "PUT");
    RoutePolicy other = policy(books, "DELETE");

    assertThat(list.name()).isEqualTo("list");
    assertThat(write.name()).isEqualTo("write");
    assertThat(other.name()).isEqualTo("default");
    assertThat(policy(books, "GET")).isSameAs(list);
    assertThat(list.budget()).isPresent();
    assertThat(list.budget().get()).isSameAs(write.budget().get());
    assertThat(list.metrics()).isNotSameAs(write.metrics());
  }

  @Test
  void anEqualProfile_keepsThePolicies_andANewBudgetSpec_startsANewBudget() {
    RoutePolicy first = policy(destination(profile(0.2)), "GET");

    RoutePolicy equal = policy(destination(profile(0.2)), "GET");
    RoutePolicy changed = policy(destination(profile(0.5)), "GET");

    assertThat(equal).isSameAs(first);
    assertThat(changed.budget().get()).isNotSameAs(first.budget().get());
    assertThat(changed.budget().get().spec().retryRatio()).isEqualTo(0.5);
    assertThat(changed.metrics()).as("same route, same series").isSameAs(first.metrics());
  }
}
