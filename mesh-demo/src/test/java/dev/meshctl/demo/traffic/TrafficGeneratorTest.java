package dev.meshctl.demo.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.meshctl.demo.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The traffic generator against a real small HTTP server on loopback that counts requests. */
class TrafficGeneratorTest {

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> targets = new ConcurrentLinkedQueue<>();
  private final AtomicInteger served = new AtomicInteger();
  private final Outcomes outcomes = new Outcomes();
  private final StringWriter report = new StringWriter();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void sendsAtRoughlyTheRate_overTheMixOfPages() {
    int port = server(0, 200);
    start("127.0.0.1:" + port, Optional.empty(), 20);

    await().atMost(Duration.ofSeconds(30)).until(() -> served.get() >= 1);
    long first = System.nanoTime();
    int before = served.get();
    await().atMost(Duration.ofSeconds(60)).until(() -> served.get() >= before + 60);
    double seconds = (System.nanoTime() - first) / 1e9;
    double rate = (served.get() - before) / seconds;

    // Loose bounds: the machine may be loaded; the point is "about 20/s", not 2/s or 200/s.
    assertThat(rate).isBetween(10.0, 40.0);
    assertThat(targets).contains("/", "/api/books");
    assertThat(targets).anyMatch(target -> target.matches("/books/([1-9]|1[0-2])"));
    assertThat(targets)
        .allMatch(target -> target.matches("/|/api/books|/books/([1-9]|1[0-2])"), "a known page");
    assertThat(outcomes.snapshot()).containsOnlyKeys("200");
  }

  @Test
  void keepsGoing_afterRefusedConnectionsAnd5xx() throws IOException {
    int port = unusedPort();
    start("http://127.0.0.1:" + port, Optional.empty(), 20);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> outcomes.snapshot().getOrDefault(Outcomes.CONNECT_ERROR, 0L) >= 5);

    // The target comes up, answering 500 to every other request: both are counted, and on it goes.
    server(port, 500);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                outcomes.snapshot().getOrDefault("500", 0L) >= 10
                    && outcomes.snapshot().getOrDefault("200", 0L) >= 10);
    assertThat(outcomes.sent()).isGreaterThanOrEqualTo(25);
  }

  @Test
  void throughAnOutboundProxy_sendsAbsoluteFormRequests() {
    // A server standing in for the proxy's outbound listener: it sees the request target as sent.
    int proxyPort = server(0, 200);
    start("web.demo.svc.cluster.local:8080", Optional.of(new HostPort("127.0.0.1", proxyPort)), 20);

    await().atMost(Duration.ofSeconds(30)).until(() -> served.get() >= 10);

    assertThat(targets)
        .allMatch(target -> target.startsWith("http://web.demo.svc.cluster.local:8080/"));
  }

  @Test
  void reportsCountsByStatus_oncePerInterval() {
    int port = server(0, 500);
    start("127.0.0.1:" + port, Optional.empty(), 20, Duration.ofMillis(500));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> report.toString().lines().filter(line -> line.contains(" 500=")).count() >= 2);

    assertThat(report.toString().lines())
        .allMatch(line -> line.matches("traffic: last 500ms: \\d+ requests \\(\\d+\\.\\d/s\\):.*"));
  }

  private void start(String target, Optional<HostPort> outbound, double rps) {
    start(target, outbound, rps, Duration.ofHours(1));
  }

  private void start(String target, Optional<HostPort> outbound, double rps, Duration every) {
    TrafficSettings settings =
        TrafficSettings.of(TrafficSettings.baseUrl(target), outbound, rps, every);
    closing.add(
        TrafficGenerator.start(
            settings, new RequestMix(12, new Random(7)), outcomes, new PrintWriter(report, true)));
  }

  /**
   * A server on {@code port} (0: any) counting requests and keeping their targets; with {@code
   * failing} 500, every other answer is a 500.
   */
  private int server(int port, int failing) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new AssertionError("cannot bind the test server on port " + port, e);
    }
    server.createContext(
        "/",
        exchange -> {
          targets.add(exchange.getRequestURI().toString());
          int count = served.incrementAndGet();
          int status = failing == 500 && count % 2 == 0 ? 500 : 200;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    closing.add(() -> server.stop(0));
    return server.getAddress().getPort();
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
