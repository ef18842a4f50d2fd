package dev.meshctl.proxy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceProfileTest {

  private static final RouteSpec GET_BOOK =
      new RouteSpec(
          "get-book",
          RequestMatch.all(
              List.of(RequestMatch.method("GET"), RequestMatch.pathRegex("/books/[0-9]+"))),
          true,
          Optional.of(Duration.ofMillis(300)));

  private static final RouteSpec BOOKS =
      new RouteSpec("books", RequestMatch.pathRegex("/books(/.*)?"), false, Optional.empty());

  private static final ServiceProfile PROFILE =
      new ServiceProfile(List.of(GET_BOOK, BOOKS), RetryBudgetSpec.DEFAULT);

  @Test
  void route_isTheFirstMatchingRoute() {
    assertThat(PROFILE.route("GET", "/books/42")).isSameAs(GET_BOOK);
    assertThat(PROFILE.route("DELETE", "/books/42")).isSameAs(BOOKS);
    assertThat(PROFILE.route("GET", "/books")).isSameAs(BOOKS);
  }

  @Test
  void firstMatchWins_evenWhenALaterRouteIsMoreSpecific() {
    ServiceProfile reversed = new ServiceProfile(List.of(BOOKS, GET_BOOK), RetryBudgetSpec.DEFAULT);

    assertThat(reversed.route("GET", "/books/42")).isSameAs(BOOKS);
  }

  @Test
  void requestMatchingNoRoute_takesTheDefaultRoute() {
    RouteSpec route = PROFILE.route("GET", "/authors");

    assertThat(route).isSameAs(RouteSpec.defaultRoute());
    assertThat(route.name()).isEqualTo("default");
    assertThat(route.retryable()).isFalse();
    assertThat(route.timeout()).isEmpty();
  }

  @Test
  void queryDoesNotChangeTheRoute() {
    assertThat(PROFILE.route("GET", "/books/42?fields=title")).isSameAs(GET_BOOK);
  }

  @Test
  void none_hasOnlyTheDefaultRouteAndTheDefaultBudget() {
    ServiceProfile none = ServiceProfile.none();

    assertThat(none.routes()).isEmpty();
    assertThat(none.retryBudget()).isEqualTo(new RetryBudgetSpec(0.2, 10, Duration.ofSeconds(10)));
    assertThat(none.route("POST", "/anything")).isSameAs(RouteSpec.defaultRoute());
  }

  @Test
  void profilesWithTheSameRoutes_areEqual() {
    ServiceProfile same =
        new ServiceProfile(
            List.of(
                new RouteSpec(
                    "get-book",
                    RequestMatch.all(
                        List.of(
                            RequestMatch.method("GET"), RequestMatch.pathRegex("/books/[0-9]+"))),
                    true,
                    Optional.of(Duration.ofMillis(300))),
                BOOKS),
            RetryBudgetSpec.DEFAULT);

    assertThat(same).isEqualTo(PROFILE).hasSameHashCodeAs(PROFILE);
    assertThat(new ServiceProfile(List.of(BOOKS, GET_BOOK), RetryBudgetSpec.DEFAULT))
        .isNotEqualTo(PROFILE);
  }

  @Test
  void routes_areCopied() {
    List<RouteSpec> routes = new java.util.ArrayList<>(List.of(BOOKS));
    ServiceProfile profile = new ServiceProfile(routes, RetryBudgetSpec.DEFAULT);
    routes.clear();

    assertThat(profile.routes()).containsExactly(BOOKS);
  }
}
