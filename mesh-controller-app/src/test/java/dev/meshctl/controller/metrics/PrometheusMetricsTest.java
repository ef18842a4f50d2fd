package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PromQL the Prometheus source sends, how it reads an answer, and that a Prometheus that cannot
 * answer is a clear {@link MetricsUnavailableException} (a 503), over real HTTP. The answers of a
 * real Prometheus server are tested by {@code MetricsApiIT} in mesh-system-tests.
 */
class PrometheusMetricsTest {

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void queriesRatesOfCountersAndValuesOfGauges_byPodAndTheFamilysLabels() {
    assertThat(
            PrometheusMetrics.query(
                MetricFamily.RESPONSES, Optional.of("demo"), Duration.ofMinutes(1)))
        .isEqualTo(
            "sum by (namespace, pod, deployment, statefulset, daemonset, direction, authority,"
                + " target_addr, tls, client_id, server_id, classification)"
                + " (rate(response_total{namespace=\"demo\"}[60s]))");
    assertThat(
            PrometheusMetrics.query(MetricFamily.TCP_OPEN, Optional.empty(), Duration.ofMinutes(1)))
        .isEqualTo(
            "sum by (namespace, pod, deployment, statefulset, daemonset, direction, peer,"
                + " target_addr, tls, client_id, server_id) (tcp_open_connections)");
  }

  @Test
  void readsTheVector_podsByTheirLabels_leavingOutSeriesWithoutPod() throws IOException {
    server =
        serve(
            200,
            """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"namespace":"demo","pod":"web-1","deployment":"web","direction":"inbound",
                         "classification":"success"},"value":[1765000000.1,"2.5"]},
              {"metric":{"direction":"inbound"},"value":[1765000000.1,"7"]}]}}
            """);
    PrometheusMetrics prometheus =
        new PrometheusMetrics(base(server.getAddress().getPort()), Duration.ofSeconds(5));

    Traffic traffic = prometheus.traffic(Optional.of("demo"), Duration.ofSeconds(30));

    assertThat(traffic.source()).isEqualTo("prometheus");
    assertThat(traffic.span()).isEqualTo(Duration.ofSeconds(30));
    // The same answer for each family's query: one kept series per family.
    assertThat(traffic.series()).hasSize(MetricFamily.values().length);
    PodSeries responses =
        traffic.series().stream()
            .filter(s -> s.family() == MetricFamily.RESPONSES)
            .findFirst()
            .orElseThrow();
    assertThat(responses.pod().name()).isEqualTo("web-1");
    assertThat(responses.pod().workload())
        .hasValueSatisfying(w -> assertThat(w.name()).isEqualTo("web"));
    assertThat(responses.value()).isEqualTo(2.5);
    assertThat(responses.label("classification")).isEqualTo("success");
  }

  @Test
  void aRefusedQuery_saysWhatPrometheusSaid() throws IOException {
    server =
        serve(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
    PrometheusMetrics prometheus =
        new PrometheusMetrics(base(server.getAddress().getPort()), Duration.ofSeconds(5));

    assertThatThrownBy(() -> prometheus.traffic(Optional.empty(), Duration.ofMinutes(1)))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessageContaining("refused the query sum by (")
        .hasMessageEndingWith(": bad_data parse error");
  }

  @Test
  void anUnreachablePrometheus_isUnavailable_namingIt() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    PrometheusMetrics prometheus = new PrometheusMetrics(base(port), Duration.ofSeconds(2));

    assertThatThrownBy(() -> prometheus.traffic(Optional.empty(), Duration.ofMinutes(1)))
        .isInstanceOf(MetricsUnavailableException.class)
        .hasMessageStartingWith("cannot query Prometheus at http://127.0.0.1:" + port + "/: ");
  }

  private static URI base(int port) {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  private static HttpServer serve(int status, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/query",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    return server;
  }
}
