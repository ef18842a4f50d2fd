package dev.meshctl.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.config.ProxyConfig.Transport;
import dev.meshctl.proxy.metrics.Classification;
import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.Exposition;
import dev.meshctl.proxy.metrics.HttpMetrics;
import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.metrics.Peer;
import dev.meshctl.proxy.metrics.PrometheusProxyMetrics;
import dev.meshctl.proxy.transport.Transports;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Logger rootLogger = Logger.getLogger("");
  private final Map<Handler, Level> handlerLevels = new HashMap<>();
  private Level rootLevel;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusProxyMetrics metrics = new PrometheusProxyMetrics(registry);
  private final AtomicBoolean ready = new AtomicBoolean();
  private final CopyOnWriteArrayList<String> shutdownThreads = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final Transports transports = Transports.choose(Transport.AUTO);
  private EventLoopGroup group;
  private AdminServer server;

  @BeforeEach
  void start() {
    rootLevel = rootLogger.getLevel();
    for (Handler handler : rootLogger.getHandlers()) {
      handlerLevels.put(handler, handler.getLevel());
    }
    group = transports.newEventLoopGroup(1, "admin-test");
    server = newServer(new InetSocketAddress("127.0.0.1", 0));
    server.bind();
  }

  @AfterEach
  void stop() {
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    rootLogger.setLevel(rootLevel);
    handlerLevels.forEach(Handler::setLevel);
  }

  @Test
  void metrics_servesWhatWasRecorded_asPrometheusText() throws Exception {
    HttpMetrics http = metrics.http(Direction.INBOUND, "web.ns.svc:80", "10.0.0.1:80", true);
    http.requestStarted();
    http.requestStarted();
    http.responseEnded(200, Classification.SUCCESS, TimeUnit.MILLISECONDS.toNanos(4));
    metrics.tcp(Direction.INBOUND, Peer.SRC, "", true).opened();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Exposition scrape = Exposition.parse(response.body());
    assertThat(
            scrape.value(
                "request_total",
                Map.of(
                    "direction", "inbound",
                    "authority", "web.ns.svc:80",
                    "target_addr", "10.0.0.1:80",
                    "tls", "true")))
        .isEqualTo(2.0);
    assertThat(
            scrape.value(
                "tcp_open_connections",
                Map.of("direction", "inbound", "peer", "src", "target_addr", "", "tls", "true")))
        .isEqualTo(1.0);
    assertThat(response.body()).contains("process_cpu_seconds_total");
  }

  @Test
  void metrics_whenTheScrapeFails_answers500_andKeepsServing() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    Collector broken =
        () -> {
          if (failing.get()) {
            throw new IllegalStateException("collector broke");
          }
          return null;
        };
    registry.register(broken);

    assertThat(get("/metrics").statusCode()).isEqualTo(500);

    failing.set(false);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void ready_answers503UntilTheSupplierSaysReady_then200() throws Exception {
    HttpResponse<String> before = get("/ready");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).isEqualTo("not ready\n");

    ready.set(true);

    HttpResponse<String> after = get("/ready");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("ready\n");
  }

  @Test
  void live_answers200() throws Exception {
    HttpResponse<String> response = get("/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("live\n");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void queryString_doesNotChangeTheRoute() throws Exception {
    assertThat(get("/live?probe=kubelet").statusCode()).isEqualTo(200);
  }

  @Test
  void shutdown_fromLoopback_answers202_andStartsTheDrainOnce_offTheEventLoop() throws Exception {
    HttpResponse<String> first = send("POST", "/shutdown", "");
    HttpResponse<String> second = send("POST", "/shutdown", "");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).isEqualTo("shutting down\n");
    assertThat(second.statusCode()).isEqualTo(202);
    await().atMost(TIMEOUT).until(() -> shutdownThreads.size() == 1);
    assertThat(get("/live").statusCode()).isEqualTo(200);
    assertThat(shutdownThreads).containsExactly("mesh-proxy-shutdown");
  }

  @Test
  void logLevel_get_answersTheRootLoggersLevelName() throws Exception {
    LogLevels.root().set(Level.WARNING);

    HttpResponse<String> response = get("/proxy-log-level");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("warn\n");
  }

  @Test
  void logLevel_put_fromLoopback_setsTheRootLoggerAndItsHandlers() throws Exception {
    LogLevels.root().set(Level.INFO);

    HttpResponse<String> response = send("PUT", "/proxy-log-level", "  debug\n");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(rootLogger.getLevel()).isEqualTo(Level.FINE);
    assertThat(rootLogger.getHandlers())
        .allSatisfy(h -> assertThat(h.getLevel()).isEqualTo(Level.FINE));
    assertThat(get("/proxy-log-level").body()).isEqualTo("debug\n");
  }

  @Test
  void logLevel_put_withAnUnknownLevel_answers400NamingTheAcceptedValues() throws Exception {
    LogLevels.root().set(Level.INFO);

    HttpResponse<String> response = send("PUT", "/proxy-log-level", "verbose");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "unknown log level 'verbose'; expected one of trace, debug, info, warn, error, off\n");
    assertThat(rootLogger.getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void unknownPath_answers404ListingTheRoutes() throws Exception {
    HttpResponse<String> response = get("/admin");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .contains(
            "GET /metrics",
            "GET /ready",
            "GET /live",
            "POST /shutdown",
            "GET|PUT /proxy-log-level");
  }

  @Test
  void wrongMethod_answers405_withTheAllowedMethods() throws Exception {
    HttpResponse<String> getShutdown = get("/shutdown");
    assertThat(getShutdown.statusCode()).isEqualTo(405);
    assertThat(getShutdown.headers().firstValue("allow")).hasValue("POST");

    HttpResponse<String> postMetrics = send("POST", "/metrics", "");
    assertThat(postMetrics.statusCode()).isEqualTo(405);
    assertThat(postMetrics.headers().firstValue("allow")).hasValue("GET");

    HttpResponse<String> deleteLevel = send("DELETE", "/proxy-log-level", "");
    assertThat(deleteLevel.statusCode()).isEqualTo(405);
    assertThat(deleteLevel.headers().firstValue("allow")).hasValue("GET, PUT");

    assertThat(shutdownThreads).isEmpty();
  }

  @Test
  void oversizedBody_answers413() throws Exception {
    HttpResponse<String> response = send("PUT", "/proxy-log-level", "x".repeat(9 * 1024));

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void keepAlive_servesSeveralRequestsOnOneConnection() throws Exception {
    try (Socket socket = connect()) {
      RawHttp.send(socket, "GET /live HTTP/1.1\r\nHost: admin\r\n\r\n");
      RawHttp.Response first = RawHttp.read(socket.getInputStream());
      RawHttp.send(socket, "GET /ready HTTP/1.1\r\nHost: admin\r\n\r\n");
      RawHttp.Response second = RawHttp.read(socket.getInputStream());

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("live\n");
      assertThat(second.status()).isEqualTo(503);
      assertThat(RawHttp.closedByPeer(socket, 200)).isFalse();
    }
  }

  @Test
  void connectionClose_isHonoured_afterTheResponse() throws Exception {
    try (Socket socket = connect()) {
      RawHttp.send(socket, "GET /live HTTP/1.1\r\nHost: admin\r\nConnection: close\r\n\r\n");
      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(RawHttp.closedByPeer(socket, 5_000)).isTrue();
    }
  }

  @Test
  void http10WithoutKeepAlive_isClosedAfterTheResponse() throws Exception {
    try (Socket socket = connect()) {
      RawHttp.send(socket, "GET /live HTTP/1.0\r\n\r\n");

      assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
      assertThat(RawHttp.closedByPeer(socket, 5_000)).isTrue();
    }
  }

  @Test
  void malformedRequest_answers400_andCloses() throws Exception {
    try (Socket socket = connect()) {
      RawHttp.send(socket, "this is not http\r\n\r\n");
      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(RawHttp.closedByPeer(socket, 5_000)).isTrue();
    }
  }

  @Test
  void requestLineOverTheLimit_answers400_andCloses() throws Exception {
    try (Socket socket = connect()) {
      RawHttp.send(socket, "GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: admin\r\n\r\n");
      RawHttp.Response response = RawHttp.read(socket.getInputStream());

      assertThat(response.status()).isEqualTo(400);
      assertThat(RawHttp.closedByPeer(socket, 5_000)).isTrue();
    }
  }

  @Test
  void close_endsOpenKeepAliveConnections() throws Exception {
    try (Socket socket = connect()) {
      RawHttp.send(socket, "GET /live HTTP/1.1\r\nHost: admin\r\n\r\n");
      assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);

      server.close();

      assertThat(RawHttp.closedByPeer(socket, 5_000)).isTrue();
    }
  }

  @Test
  void bind_toAnAddressInUse_failsSayingWhere() {
    InetSocketAddress taken = server.boundAddress();
    AdminServer second = newServer(taken);

    assertThatThrownBy(second::bind)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("admin server cannot listen on")
        .hasMessageContaining(Integer.toString(taken.getPort()));
    second.close();
  }

  @Test
  void boundAddress_beforeBind_isRefused() {
    AdminServer unbound = newServer(new InetSocketAddress("127.0.0.1", 0));

    assertThatThrownBy(unbound::boundAddress).isInstanceOf(IllegalStateException.class);
  }

  private AdminServer newServer(InetSocketAddress address) {
    return new AdminServer(
        address,
        transports,
        group,
        new MetricsExporter(registry),
        ready::get,
        () -> shutdownThreads.add(Thread.currentThread().getName()),
        LogLevels.root());
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(server.boundAddress(), (int) TIMEOUT.toMillis());
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    return socket;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path, "");
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    InetSocketAddress address = server.boundAddress();
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    HttpRequest.BodyPublisher publisher =
        body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).method(method, publisher).build();
    return client.send(request, BodyHandlers.ofString());
  }
}
