package dev.meshctl.proxy.metrics;

/**
 * The Prometheus series of one route: two request recorders with the same labels, one for the
 * client's view and one for the attempts, each resolving its data points as {@link
 * PrometheusHttpMetrics} does.
 */
final class PrometheusRouteMetrics implements RouteMetrics {

  private final HttpMetrics requests;
  private final HttpMetrics attempts;

  PrometheusRouteMetrics(HttpMetrics requests, HttpMetrics attempts) {
    this.requests = requests;
    this.attempts = attempts;
  }

  @Override
  public void requestStarted() {
    requests.requestStarted();
  }

  @Override
  public void responseEnded(int statusCode, Classification classification, long latencyNanos) {
    requests.responseEnded(statusCode, classification, latencyNanos);
  }

  @Override
  public void attemptStarted() {
    attempts.requestStarted();
  }

  @Override
  public void attemptEnded(int statusCode, Classification classification, long latencyNanos) {
    attempts.responseEnded(statusCode, classification, latencyNanos);
  }
}
