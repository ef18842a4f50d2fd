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
  private final Counter routeRequests;
  private final Counter routeResponses;
  private final Histogram routeLatency;
  private final Counter routeActualRequests;
  private final Counter routeActualResponses;
  private final Histogram routeActualLatency;
  private final Counter tlsFailures;
  private final Counter tcpOpened;
  private final Counter tcpClosed;
  private final Counter tcpReadBytes;
  private final Counter tcpWriteBytes;
  private final Histogram tcpDuration;
  private final TapMetrics tap;

  private final ConcurrentHashMap<HttpLabels, HttpMetrics> http = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RouteLabels, RouteMetrics> routes = new ConcurrentHashMap<>();
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
            .labelNames(HttpLabels.NAMES)
            .withoutExemplars()
            .register(registry);
    responses =
        Counter.builder()
            .name("response_total")
            .help("Total count of HTTP responses.")
            .labelNames(HttpLabels.with("status_code", "classification"))
            .withoutExemplars()
            .register(registry);
    responseLatency =
        latencyHistogram(
                "response_latency_ms",
                "Elapsed times between a request's headers being received and its response's"
                    + " headers being sent, in milliseconds.")
            .labelNames(HttpLabels.with("status_code"))
            .register(registry);
    routeRequests =
        routeCounter("route_request_total", "Total count of HTTP requests, per route.")
            .labelNames(RouteLabels.NAMES)
            .register(registry);
    routeResponses =
        routeCounter("route_response_total", "Total count of HTTP responses, per route.")
            .labelNames(RouteLabels.NAMES_WITH_STATUS_AND_CLASS)
            .register(registry);
    routeLatency =
        latencyHistogram(
                "route_response_latency_ms",
                "Elapsed times between a request's headers being received and its response's"
                    + " headers being sent, retries included, per route, in milliseconds.")
            .labelNames(RouteLabels.NAMES_WITH_STATUS)
            .register(registry);
    routeActualRequests =
        routeCounter(
                "route_actual_request_total",
                "Total count of HTTP requests sent to endpoints, retries included, per route.")
            .labelNames(RouteLabels.NAMES)
            .register(registry);
    routeActualResponses =
        routeCounter(
                "route_actual_response_total",
                "Total count of HTTP responses from endpoints, retries included, per route.")
            .labelNames(RouteLabels.NAMES_WITH_STATUS_AND_CLASS)
            .register(registry);
    routeActualLatency =
        latencyHistogram(
                "route_actual_response_latency_ms",
                "Elapsed times between an attempt being sent and its response's headers, per"
                    + " route, in milliseconds.")
            .labelNames(RouteLabels.NAMES_WITH_STATUS)
            .register(registry);
    tlsFailures =
        Counter.builder()
            .name("tls_handshake_failure_total")
            .help("Total count of TLS handshakes that failed, so that the connection was refused.")
            .labelNames("direction", "peer", "reason")
            .withoutExemplars()
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
    tap = new PrometheusTapMetrics(registry);
    ProcessMetrics.builder().register(registry);
  }

  @Override
  public TapMetrics tap() {
    return tap;
  }

  @Override
  public HttpMetrics http(
      Direction direction, String authority, String targetAddr, boolean tls, String peerIdentity) {
    HttpLabels labels = new HttpLabels(direction, authority, targetAddr, tls, peerIdentity);
    HttpMetrics metrics = http.get(labels);
    return metrics != null ? metrics : http.computeIfAbsent(labels, this::newHttpMetrics);
  }

  @Override
  public RouteMetrics route(Direction direction, String dst, String route) {
    RouteLabels labels = new RouteLabels(direction, dst, route);
    RouteMetrics metrics = routes.get(labels);
    return metrics != null ? metrics : routes.computeIfAbsent(labels, this::newRouteMetrics);
  }

  @Override
  public TcpMetrics tcp(
      Direction direction, Peer peer, String targetAddr, boolean tls, String peerIdentity) {
    TcpLabels labels = new TcpLabels(direction, peer, targetAddr, tls, peerIdentity);
    TcpMetrics metrics = tcp.get(labels);
    return metrics != null ? metrics : tcp.computeIfAbsent(labels, this::newTcpMetrics);
  }

  private HttpMetrics newHttpMetrics(HttpLabels labels) {
    String[] values = labels.values();
    return new PrometheusHttpMetrics(
        requests.labelValues(values), responses, responseLatency, values);
  }

  @Override
  public void tlsHandshakeFailed(Direction direction, Peer peer, TlsFailure reason) {
    tlsFailures.labelValues(direction.label(), peer.label(), reason.label()).inc();
  }

  private RouteMetrics newRouteMetrics(RouteLabels labels) {
    String[] values = labels.values();
    return new PrometheusRouteMetrics(
        new PrometheusHttpMetrics(
            routeRequests.labelValues(values), routeResponses, routeLatency, values),
        new PrometheusHttpMetrics(
            routeActualRequests.labelValues(values),
            routeActualResponses,
            routeActualLatency,
            values));
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

  private static Counter.Builder routeCounter(String name, String help) {
    return Counter.builder().name(name).help(help).withoutExemplars();
  }

  private static Counter tcpCounter(String name, String help, PrometheusRegistry registry) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(TcpLabels.NAMES)
        .withoutExemplars()
        .register(registry);
  }

  /** Linkerd's {@code tls} label: "true" for mTLS, "no_identity" for plaintext. */
  private static String tlsLabel(boolean tls) {
    return tls ? "true" : "no_identity";
  }

  /** {@code client_id} inbound, {@code server_id} outbound; the other one is empty. */
  private static String[] identityLabels(Direction direction, String peerIdentity) {
    return direction == Direction.INBOUND
        ? new String[] {peerIdentity, ""}
        : new String[] {"", peerIdentity};
  }

  private record HttpLabels(
      Direction direction, String authority, String targetAddr, boolean tls, String peerIdentity) {

    static final String[] NAMES = {
      "direction", "authority", "target_addr", "tls", "client_id", "server_id"
    };

    HttpLabels {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(authority, "authority");
      Objects.requireNonNull(targetAddr, "targetAddr");
      Objects.requireNonNull(peerIdentity, "peerIdentity");
    }

    static String[] with(String... more) {
      String[] names = java.util.Arrays.copyOf(NAMES, NAMES.length + more.length);
      System.arraycopy(more, 0, names, NAMES.length, more.length);
      return names;
    }

    String[] values() {
      String[] ids = identityLabels(direction, peerIdentity);
      return new String[] {direction.label(), authority, targetAddr, tlsLabel(tls), ids[0], ids[1]};
    }
  }

  private record RouteLabels(Direction direction, String dst, String route) {

    static final String[] NAMES = {"direction", "dst", "rt_route"};
    static final String[] NAMES_WITH_STATUS = {"direction", "dst", "rt_route", "status_code"};
    static final String[] NAMES_WITH_STATUS_AND_CLASS = {
      "direction", "dst", "rt_route", "status_code", "classification"
    };

    RouteLabels {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(route, "route");
    }

    String[] values() {
      return new String[] {direction.label(), dst, route};
    }
  }

  private record TcpLabels(
      Direction direction, Peer peer, String targetAddr, boolean tls, String peerIdentity) {

    static final String[] NAMES = {
      "direction", "peer", "target_addr", "tls", "client_id", "server_id"
    };

    TcpLabels {
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(targetAddr, "targetAddr");
      Objects.requireNonNull(peerIdentity, "peerIdentity");
    }

    String[] values() {
      String[] ids = identityLabels(direction, peerIdentity);
      return new String[] {
        direction.label(), peer.label(), targetAddr, tlsLabel(tls), ids[0], ids[1]
      };
    }
  }
}
