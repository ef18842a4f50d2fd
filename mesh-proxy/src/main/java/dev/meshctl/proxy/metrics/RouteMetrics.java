package dev.meshctl.proxy.metrics;

/**
 * Request metrics of one route of one destination (direction, dst, rt_route), read two ways: what
 * the client saw ({@code route_request_total}, {@code route_response_total}, {@code
 * route_response_latency_ms}: one per request, after any retries) and what the endpoints saw
 * ({@code route_actual_request_total}, {@code route_actual_response_total}, {@code
 * route_actual_response_latency_ms}: one per attempt, retries included). Their ratio is the cost of
 * the retries; the first success rate is the effective one, the second the actual one.
 */
public interface RouteMetrics {

  /** For requests that are not routed by a profile (inbound, unknown destinations). */
  RouteMetrics NONE =
      new RouteMetrics() {
        @Override
        public void requestStarted() {}

        @Override
        public void responseEnded(int statusCode, Classification classification, long nanos) {}

        @Override
        public void attemptStarted() {}

        @Override
        public void attemptEnded(int statusCode, Classification classification, long nanos) {}
      };

  /** A request was received on this route. */
  void requestStarted();

  /**
   * The client's response ended.
   *
   * @param latencyNanos from the request's first byte to the response's headers, retries included
   */
  void responseEnded(int statusCode, Classification classification, long latencyNanos);

  /** An attempt (the first or a retry) was sent to an endpoint. */
  void attemptStarted();

  /**
   * An attempt ended: with the endpoint's status, or with the status the proxy would answer for an
   * endpoint that failed without one (502 for a closed connection, 504 for a timeout).
   *
   * @param latencyNanos from the attempt's start to its response's headers
   */
  void attemptEnded(int statusCode, Classification classification, long latencyNanos);
}
