package dev.meshctl.proxy.profile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of a service profile: the requests its condition covers, and how they are treated.
 *
 * @param name the {@code rt_route} metric label; {@value #DEFAULT_NAME} for the default route
 * @param condition which requests the route covers
 * @param retryable whether a failed request may be retried (within the profile's retry budget)
 * @param timeout how long the whole request may take, retries included; empty for no limit
 * @param responseClasses which responses are failures, first match wins; see {@link #isFailure}
 * @param retryRule which requests of a retryable route may be retried (methods, gRPC statuses)
 */
public record RouteSpec(
    String name,
    RequestMatch condition,
    boolean retryable,
    Optional<Duration> timeout,
    List<ResponseClass> responseClasses,
    RetryRule retryRule) {

  /** The name of the route of requests that match no route. */
  public static final String DEFAULT_NAME = "default";

  private static final RouteSpec DEFAULT =
      new RouteSpec(DEFAULT_NAME, RequestMatch.always(), false, Optional.empty());

  public RouteSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name: a route needs a name");
    }
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(timeout, "timeout");
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException(
                "timeout: " + Durations.format(t) + " must be greater than zero");
          }
        });
    responseClasses = List.copyOf(responseClasses);
    Objects.requireNonNull(retryRule, "retryRule");
  }

  /** A route with the default retry rule (idempotent methods only). */
  public RouteSpec(
      String name,
      RequestMatch condition,
      boolean retryable,
      Optional<Duration> timeout,
      List<ResponseClass> responseClasses) {
    this(name, condition, retryable, timeout, responseClasses, RetryRule.DEFAULT);
  }

  /** A route whose failures are the 5xx responses. */
  public RouteSpec(
      String name, RequestMatch condition, boolean retryable, Optional<Duration> timeout) {
    this(name, condition, retryable, timeout, List.of());
  }

  /** The route of requests that match no route: every request, not retryable, no timeout. */
  public static RouteSpec defaultRoute() {
    return DEFAULT;
  }

  /**
   * Whether a response with this HTTP status is a failure: as the first response class that matches
   * says, else when it is a 5xx (Linkerd's default).
   */
  public boolean isFailure(int status) {
    for (int i = 0; i < responseClasses.size(); i++) {
      ResponseClass responseClass = responseClasses.get(i);
      if (responseClass.condition().matches(status)) {
        return responseClass.failure();
      }
    }
    return status >= 500;
  }
}
