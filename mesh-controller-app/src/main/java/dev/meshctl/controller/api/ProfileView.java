package dev.meshctl.controller.api;

import com.google.protobuf.Duration;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.RequestMatch;
import dev.meshctl.api.destination.RetryBudget;
import dev.meshctl.api.destination.Route;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The profile proxies are served for one port of a Service, as JSON for people: {@code GET
 * /api/v1/namespaces/{ns}/services/{name}/profile}.
 *
 * @param port the Service port it is the profile of (the traffic split may depend on it)
 * @param dstOverrides the traffic split: the HTTPRoute's, else the ServiceProfile's
 */
public record ProfileView(
    String fullyQualifiedName,
    int port,
    boolean opaqueProtocol,
    List<RouteView> routes,
    RetryBudgetView retryBudget,
    List<DstOverride> dstOverrides) {

  public ProfileView {
    routes = List.copyOf(routes);
    dstOverrides = List.copyOf(dstOverrides);
  }

  /**
   * @param condition the request match in one line: {@code path=~/books(/.*)? and method=GET}
   * @param timeout {@code 300ms}, {@code 10s}; null for none
   */
  public record RouteView(String name, String condition, boolean isRetryable, String timeout) {}

  /**
   * @param ttl {@code 10s}
   */
  public record RetryBudgetView(float retryRatio, int minRetriesPerSecond, String ttl) {}

  public record DstOverride(String authority, int weight) {}

  static ProfileView of(DestinationProfile profile, int port) {
    RetryBudget budget = profile.getRetryBudget();
    return new ProfileView(
        profile.getFullyQualifiedName(),
        port,
        profile.getOpaqueProtocol(),
        profile.getRoutesList().stream().map(ProfileView::route).toList(),
        new RetryBudgetView(
            budget.getRetryRatio(), budget.getMinRetriesPerSecond(), duration(budget.getTtl())),
        profile.getDstOverridesList().stream()
            .map(dst -> new DstOverride(dst.getAuthority(), dst.getWeight()))
            .toList());
  }

  private static RouteView route(Route route) {
    return new RouteView(
        route.getName(),
        route.hasCondition() ? condition(route.getCondition()) : "",
        route.getIsRetryable(),
        route.hasTimeout() ? duration(route.getTimeout()) : null);
  }

  /** Zero means none, as on the wire. */
  static String duration(Duration duration) {
    long millis = duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
    if (millis == 0) {
      return null;
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Nested {@code all}/{@code any} are bracketed; the outermost is not. */
  static String condition(RequestMatch match) {
    return switch (match.getMatchCase()) {
      case METHOD -> "method=" + match.getMethod().getName();
      case PATH -> "path=~" + match.getPath().getRegex();
      case NOT -> "not " + bracketed(match.getNot());
      case ALL -> join(match.getAll().getMatchesList(), " and ");
      case ANY -> join(match.getAny().getMatchesList(), " or ");
      case MATCH_NOT_SET -> "";
    };
  }

  private static String join(List<RequestMatch> matches, String separator) {
    return matches.stream().map(ProfileView::bracketed).collect(Collectors.joining(separator));
  }

  private static String bracketed(RequestMatch match) {
    String text = condition(match);
    boolean compound =
        match.getMatchCase() == RequestMatch.MatchCase.ALL
            || match.getMatchCase() == RequestMatch.MatchCase.ANY;
    return compound ? "(" + text + ")" : text;
  }
}
