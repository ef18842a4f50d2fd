package dev.meshctl.proxy.metrics;

/**
 * The recorder the data path talks to; the Prometheus backend sits behind it. The factory methods
 * return the same instance for the same labels, and are safe to call from any thread.
 */
public interface ProxyMetrics {

  /**
   * @param authority the destination's authority ({@code host:port}), or "" when the request named
   *     no known destination (raw client input never becomes a label)
   * @param targetAddr the endpoint's {@code ip:port}, or "" when none was chosen
   * @param tls whether the connection the request came on (inbound) or went out on (outbound) is
   *     mTLS
   * @param peerIdentity the identity the peer proved over mTLS ({@code client_id} inbound, {@code
   *     server_id} outbound), or ""
   */
  HttpMetrics http(
      Direction direction, String authority, String targetAddr, boolean tls, String peerIdentity);

  /** Request metrics of a connection without a peer identity. */
  default HttpMetrics http(Direction direction, String authority, String targetAddr, boolean tls) {
    return http(direction, authority, targetAddr, tls, "");
  }

  /**
   * @param dst the destination's authority ({@code host:port})
   * @param route the route's name in the destination's service profile ("default" for requests that
   *     matched no route)
   */
  RouteMetrics route(Direction direction, String dst, String route);

  /**
   * @param targetAddr the endpoint's {@code ip:port} for {@link Peer#DST}; "" for {@link Peer#SRC}
   */
  TcpMetrics tcp(
      Direction direction, Peer peer, String targetAddr, boolean tls, String peerIdentity);

  /** Connection metrics of a connection without a peer identity. */
  default TcpMetrics tcp(Direction direction, Peer peer, String targetAddr, boolean tls) {
    return tcp(direction, peer, targetAddr, tls, "");
  }

  /**
   * A TLS handshake failed ({@code tls_handshake_failure_total}): the connection was refused before
   * any request byte crossed it.
   */
  void tlsHandshakeFailed(Direction direction, Peer peer, TlsFailure reason);

  /** The tap server's metrics. */
  TapMetrics tap();
}
