package dev.meshctl.proxy.metrics;

/**
 * Connection metrics for one label set (direction, peer, target_addr, tls): {@code tcp_open_total},
 * {@code tcp_close_total}, {@code tcp_open_connections}, {@code tcp_read_bytes_total}, {@code
 * tcp_write_bytes_total}, {@code tcp_connection_duration_ms}.
 */
public interface TcpMetrics {

  void opened();

  void closed(long durationNanos);

  void read(long bytes);

  void written(long bytes);
}
