package dev.meshctl.proxy.metrics;

/**
 * The recorder the data path talks to; the Prometheus backend sits behind it. Both factory methods
 * return the same instance for the same labels, and are safe to call from any thread.
 */
public interface ProxyMetrics {

  /**
   * @param authority the destination's authority ({@code host:port}), or "" when the request named
   *     no known destination (raw client input never becomes a label)
   * @param targetAddr the endpoint's {@code ip:port}, or "" when none was chosen
   * @param tls whether the connection the request came on (inbound) or went out on (outbound) is
   *     mTLS
   */
  HttpMetrics http(Direction direction, String authority, String targetAddr, boolean tls);

  /**
   * @param targetAddr the endpoint's {@code ip:port} for {@link Peer#DST}; "" for {@link Peer#SRC}
   */
  TcpMetrics tcp(Direction direction, Peer peer, String targetAddr, boolean tls);
}
