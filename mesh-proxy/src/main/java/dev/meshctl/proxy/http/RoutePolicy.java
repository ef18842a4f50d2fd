package dev.meshctl.proxy.http;

import dev.meshctl.proxy.metrics.RouteMetrics;
import dev.meshctl.proxy.profile.RetryBudget;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the requests of one route are treated, decided by the router from the destination's service
 * profile; one instance per route of a destination, shared by its requests.
 *
 * @param spec the route: its name (the {@code rt_route} label), timeout, retryability and which
 *     responses are failures
 * @param budget the destination's retry budget, which the retries of all its routes spend; empty
 *     where nothing is retried
 * @param metrics the route's request and attempt metrics
 */
public record RoutePolicy(RouteSpec spec, Optional<RetryBudget> budget, RouteMetrics metrics) {

  /** No route: no timeout, no retries, no route metrics, 5xx are failures. */
  public static final RoutePolicy DEFAULT =
      new RoutePolicy(RouteSpec.defaultRoute(), Optional.empty(), RouteMetrics.NONE);

  public RoutePolicy {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(metrics, "metrics");
  }

  /** The route's name ("default" when no route matched). */
  public String name() {
    return spec.name();
  }

  /**
   * From the request's first byte to the response's headers, retries included; on expiry the proxy
   * answers 504 (gRPC: DEADLINE_EXCEEDED) and cancels the upstream request.
   */
  public Optional<Duration> timeout() {
    return spec.timeout();
  }

  /** Whether a response with this status is a failure (the route's response classes, else 5xx). */
  public boolean isFailure(int status) {
    return spec.isFailure(status);
  }

  /** The retry budget, when the route is retryable and has one. */
  Optional<RetryBudget> retryBudget() {
    return spec.retryable() ? budget : Optional.empty();
  }

  RetryRule retryRule() {
    return spec.retryRule();
  }
}
