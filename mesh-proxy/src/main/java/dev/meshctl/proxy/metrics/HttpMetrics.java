package dev.meshctl.proxy.metrics;

/**
 * Request metrics for one label set (direction, authority, target_addr, tls). The data path gets
 * one per destination endpoint and keeps it, so that recording allocates nothing.
 */
public interface HttpMetrics {

  /** A request was received ({@code request_total}). */
  void requestStarted();

  /**
   * A response ended ({@code response_total}, {@code response_latency_ms}).
   *
   * @param statusCode the HTTP status sent to the client (a proxy-made error's status too)
   * @param classification success, or failure for 5xx, a non-OK gRPC status or a reset stream
   * @param latencyNanos from the request's first byte to the response's headers
   */
  void responseEnded(int statusCode, Classification classification, long latencyNanos);
}
