package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scraper against real HTTP servers on loopback standing in for proxies' admin servers: found
 * by the pod's admin-port annotation, read in parallel, a silent or malformed one skipped without
 * failing the others.
 */
class ProxyScraperTest {

  private static final String IN = ProxyPage.http("inbound", "web:80", "127.0.0.1:8080", false, "");

  private final DiscoveryModel model = new DiscoveryModel();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T04:00:00Z"));
  private final ScrapeStore store = new ScrapeStore(Duration.ofMinutes(10), Duration.ofSeconds(5));
  private final ProxyScraper scraper =
      new ProxyScraper(
          model,
          store,
          Duration.ofSeconds(5),
          Duration.ofMillis(1500),
          Duration.ofMinutes(10),
          clock);
  private HttpServer server;
  private HttpServer malformed;

  @AfterEach
  void stop() {
    scraper.close();
    if (server != null) {
      server.stop(0);
    }
    if (malformed != null) {
      malformed.stop(0);
    }
  }

  @Test
  void readsEachMeshedPodsProxyAtItsAnnotatedPort_andSkipsTheOnesThatFail() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    server =
        serve(
            () ->
                new ProxyPage()
                    .responses(IN, 200, "success", 50 * scrapes.getAndIncrement())
                    .text());
    malformed = serve(() -> "response_total{direction=\"inbound\" 1\n");
    pod("web-1", true, server.getAddress().getPort());
    pod("broken-1", true, malformed.getAddress().getPort());
    pod("silent-1", true, closedPort());
    pod("plain-1", false, server.getAddress().getPort()); // not meshed: never scraped

    scraper.scrapeOnce();
    clock.advance(Duration.ofSeconds(5));
    scraper.scrapeOnce();

    Traffic traffic = store.traffic(Optional.empty(), Duration.ofMinutes(1), clock.instant());
    assertThat(traffic.series()).allMatch(s -> s.pod().name().equals("web-1"));
    assertThat(traffic.series())
        .filteredOn(s -> s.family() == MetricFamily.RESPONSES)
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isCloseTo(10.0, within(1e-9)));
    assertThat(scrapes).hasValue(2);
    assertThat(scraper.lastTargets()).isEqualTo(3);
  }

  @Test
  void scrapedMetrics_saysItIsCollectingBeforeTheFirstRates() throws Exception {
    server = serve(() -> new ProxyPage().responses(IN, 200, "success", 1).text());
    pod("web-1", true, server.getAddress().getPort());
    ScrapedMetrics metrics = new ScrapedMetrics(scraper, store, Duration.ofSeconds(5), clock);

    Traffic first = metrics.traffic(Optional.empty(), Duration.ofMinutes(1));

    assertThat(first.note().orElseThrow()).startsWith("collecting: ");
    assertThat(first.series()).isEmpty();
  }

  @Test
  void stopsAfterTheIdleTimeWithoutCalls_forgettingItsSamples_andStartsAgainOnTheNext()
      throws Exception {
    server = serve(() -> new ProxyPage().responses(IN, 200, "success", 1).text());
    pod("web-1", true, server.getAddress().getPort());
    try (ProxyScraper quick =
        new ProxyScraper(
            model,
            store,
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofMinutes(1),
            clock)) {
      quick.touch();
      await().atMost(Duration.ofSeconds(20)).until(() -> quick.lastTargets() == 1);
      assertThat(quick.running()).isTrue();

      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      await().atMost(Duration.ofSeconds(20)).until(() -> !quick.running());
      assertThat(store.traffic(Optional.empty(), Duration.ofHours(1), clock.instant()).series())
          .isEmpty();

      quick.touch();
      assertThat(quick.running()).isTrue();
    }
  }

  private void pod(String name, boolean meshed, int adminPort) {
    model.upsert(
        new PodRecord(
            new ObjectKey("demo", name),
            Optional.of("127.0.0.1"),
            "web",
            meshed,
            Optional.of(new PodRecord.Workload("deployment", "web")),
            Set.of(),
            OptionalInt.of(adminPort),
            OptionalInt.empty()));
  }

  private static HttpServer serve(Supplier<String> page) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = page.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  /** A loopback port nothing listens on: connections are refused. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A clock tests move by hand. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
