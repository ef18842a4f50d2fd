package dev.meshctl.proxy.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The errors the proxy itself answers with, each with its HTTP status, the gRPC status a gRPC
 * client gets instead, and a reason in words. The reason is sent in the {@code mesh-proxy-error}
 * header and the body, so an operator can tell a proxy's answer from the application's.
 */
public enum ProxyError {
  /** The request's authority names no known destination and there is no original destination. */
  NO_DESTINATION(HttpResponseStatus.BAD_GATEWAY, 14, "no destination is known for authority"),
  /** The destination exists but has no endpoint now. */
  NO_ENDPOINTS(HttpResponseStatus.SERVICE_UNAVAILABLE, 14, "no endpoint is available for"),
  /** Every endpoint of the destination is ejected after consecutive failures: failing fast. */
  FAILING_FAST(
      HttpResponseStatus.SERVICE_UNAVAILABLE,
      14,
      "every endpoint is failing (ejected after consecutive failures), failing fast for"),
  /** Every endpoint tried refused the connection or did not answer in time. */
  CONNECT_FAILED(HttpResponseStatus.BAD_GATEWAY, 14, "could not connect to"),
  /** The endpoint closed or reset the connection before it sent a response. */
  UPSTREAM_CLOSED(
      HttpResponseStatus.BAD_GATEWAY, 14, "the endpoint closed the connection before responding:"),
  /** The route's timeout passed before the response's headers arrived. */
  TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, 4, "no response within the route's timeout:"),
  /** The request had no usable authority (no Host header). */
  NO_AUTHORITY(
      HttpResponseStatus.BAD_REQUEST, 3, "the request names no authority (no Host header)"),
  /** The inbound port accepts only the mesh's mTLS, and the request came in plaintext. */
  IDENTITY_REQUIRED(
      HttpResponseStatus.FORBIDDEN,
      7,
      "this port accepts only mTLS from meshed clients (MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY);"
          + " the request came in plaintext to port"),
  /** The proxy is shutting down and takes no new requests. */
  SHUTTING_DOWN(HttpResponseStatus.SERVICE_UNAVAILABLE, 14, "the proxy is shutting down");

  /** Response header naming the proxy's reason for an error it produced. */
  public static final String HEADER = "mesh-proxy-error";

  private final HttpResponseStatus status;
  private final int grpcStatus;
  private final String reason;

  ProxyError(HttpResponseStatus status, int grpcStatus, String reason) {
    this.status = status;
    this.grpcStatus = grpcStatus;
    this.reason = reason;
  }

  public HttpResponseStatus status() {
    return status;
  }

  public int grpcStatus() {
    return grpcStatus;
  }

  /** The reason in words, followed by the detail (an authority, an address) when there is one. */
  public String message(String detail) {
    return detail == null || detail.isEmpty() ? reason : reason + " " + detail;
  }
}
