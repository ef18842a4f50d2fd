package dev.meshctl.controller.metrics;

/** The metrics source cannot answer (Prometheus unreachable or failing): a 503 that says why. */
public final class MetricsUnavailableException extends RuntimeException {

  public MetricsUnavailableException(String message) {
    super(message, null, false, false);
  }
}
