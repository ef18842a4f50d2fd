package dev.meshctl.proxy.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus backend of {@link ProxyMetrics}: Linkerd's proxy metric names and labels, plus the
 * {@code process_*} metrics, all registered in the registry given to the constructor. The {@link
 * HttpMetrics} and {@link TcpMetrics} it hands out hold their data points already resolved, so the
 * data path records without a label lookup or an allocation.
 */
public final class PrometheusProxyMetrics implements ProxyMetrics {

  /**
   * Linkerd's latency buckets (milliseconds), for {@code response_latency_ms} and TCP lifetimes.
   */
  static final double[] LATENCY_BUCKETS_MS = {
    1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1_000, 2_000, 3_000, 4_000, 5_000,
    10_000, 20_000, 30_000, 40_000, 50_000
  };

  private final Counter requests;
  private final Counter responses;
  private final Histogram responseLatency;
  private final Counter tcpOpened;
  private final Counter tcpClosed;
  private final Counter tcpReadBytes;
  private final Counter tcpWriteBytes;
  private final Histogram tcpDuration;

  private final ConcurrentHashMap<HttpLabels, HttpMetrics> http = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TcpLabels, PrometheusTcpMetrics> tcp = new ConcurrentHashMap<>();

  /**
   * Registers every metric of the proxy in {@code registry}; one instance per registry (a second
   * registration of the same names is refused by the registry).
   */
  public PrometheusProxyMetrics(PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    // Prometheus client 1.x strips "_total" from a counter's name and the text format adds it back,
    // so these are exposed exactly as request_total, response_total, tcp_open_total, ...
    requests =
        Counter.builder()
            .name("request_total")
            .help("Total count of HTTP requests.")
            .labelNames("direction", "authority", "target_addr", "tls")
            .withoutExemplars()
            .register(registry);
    responses =
        Counter.builder()
            .name("response_total")
            .help("Total count of HTTP responses.")
            .labelNames(
                "direction", "authority", "target_addr", "tls", "status_code", "classification")
            .withoutExemplars()
            .register(registry);
    responseLatency =
        latencyHistogram(
                "response_latency_ms",
                "Elapsed times between a request's headers being received and its response's"
                    + " headers being sent, in milliseconds.")
            .labelNames("direction", "authority", "target_addr", "tls", "status_code")
            .register(registry);
    tcpOpened = tcpCounter("tcp_open_total", "Total count of opened connections.", registry);
    tcpClosed = tcpCounter("tcp_close_total", "Total count of closed connections.", registry);
    // A callback over plain adders, read when scraped: a Gauge's inc/dec allocates (a capturing
    // lambda) on every call until the JIT removes it.
    GaugeWithCallback.builder()
        .name("tcp_open_connections")
        .help("Number of currently open connections.")
        .labelNames(TcpLabels.NAMES)
        .callback(
            gauge ->
                tcp.forEach(
                    (labels, metrics) -> gauge.call(metrics.openConnections(), labels.values())))
        .register(registry);
    tcpReadBytes =
        tcpCounter("tcp_read_bytes_total", "Total count of bytes read from peers.", registry);
    tcpWriteBytes =
        tcpCounter("tcp_write_bytes_total", "Total count of bytes written to peers.", registry);
    tcpDuration =
        latencyHistogram("tcp_connection_duration_ms", "Connection lifetimes, in milliseconds.")
            .labelNames(TcpLabels.NAMES)
            .register(registry);
    ProcessMetrics.builder().register(registry);
  }

  @Override
  public HttpMetrics http(Direction direction, String authority, String targetAddr, boolean tls) {
    HttpLabels labels = new HttpLabels(direction, authority, targetAddr, tls);
    HttpMetrics metrics = http.get(labels);
    return metrics != null ? metrics : http.computeIfAbsent(labels, this::newHttpMetrics);
  }

  @Override
  public TcpMetrics tcp(Direction direction, Peer peer, String targetAddr, boolean tls) {
    TcpLabels labels = new TcpLabels(direction, peer, targetAddr, tls);
    TcpMetrics metrics = tcp.get(labels);
    return metrics != null ? metrics : tcp.computeIfAbsent(labels, this::newTcpMetrics);
  }

  private HttpMetrics newHttpMetrics(HttpLabels labels) {
    String[] values = labels.values();
    return new PrometheusHttpMetrics(
        requests.labelValues(values), responses, responseLatency, values);
  }

  private PrometheusTcpMetrics newTcpMetrics(TcpLabels labels) {
    String[] values = labels.values();
    return new PrometheusTcpMetrics(
        tcpOpened.labelValues(values),
        tcpClosed.labelValues(values),
        tcpReadBytes.labelValues(values),
        tcpWriteBytes.labelValues(values),
        tcpDuration.labelValues(values));
  }

  private static Histogram.Builder latencyHistogram(String name, String help) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(LATENCY_BUCKETS_MS)
        .withoutExemplars();
  }

  private static Counter tcpCounter(String name, String help, PrometheusRegistry registry) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(TcpLabels.NAMES)
        .withoutExemplars()
        .register(registry);
  }

  private static String tlsLabel(boolean tls) {
    return tls ? "true" : "false";
  }

  private record HttpLabels(Direction direction, String authority, String targetAddr, boolean tls) {

    HttpLabels {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(authority, "authority");
      Objects.requireNonNull(targetAddr, "targetAddr");
    }

    String[] values() {
      return new String[] {direction.label(), authority, targetAddr, tlsLabel(tls)};
    }
  }

  private record TcpLabels(Direction direction, Peer peer, String targetAddr, boolean tls) {

    static final String[] NAMES = {"direction", "peer", "target_addr", "tls"};

    TcpLabels {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(targetAddr, "targetAddr");
    }

    String[] values() {
      return new String[] {direction.label(), peer.label(), targetAddr, tlsLabel(tls)};
    }
  }
}
