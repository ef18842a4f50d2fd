package dev.meshctl.proxy.http;

import java.time.Duration;
import java.util.Optional;

/**
 * How the requests of one route are treated, decided by the router from the destination's service
 * profile.
 *
 * @param name the route's name, the {@code rt_route} metric label ("default" when no route matched)
 * @param timeout from the request's first byte to the response's headers; on expiry the proxy
 *     answers 504 (gRPC: DEADLINE_EXCEEDED) and cancels the upstream request
 */
public record RoutePolicy(String name, Optional<Duration> timeout) {

  /** No route: no timeout. */
  public static final RoutePolicy DEFAULT = new RoutePolicy("default", Optional.empty());
}
