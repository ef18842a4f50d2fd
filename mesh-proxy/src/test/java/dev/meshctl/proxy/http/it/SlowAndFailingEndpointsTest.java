package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The balancer over real sockets: an endpoint made slower than its peers loses its share of the
 * traffic and wins it back once it is fast again; an endpoint that answers only 500 is ejected
 * after seven failures in a row, gets nothing during its backoff, and is let back in once it
 * recovers; with every endpoint ejected, requests fail fast with a 503 that says why.
 */
class SlowAndFailingEndpointsTest {

  private static final int CONCURRENCY = 16;

  private final List<TestBackend> backends = new ArrayList<>();
  private ProxyFixture fixture;
  private HttpClient client;

  private void start(int endpoints) throws Exception {
    MutableDestinations destinations = new MutableDestinations();
    for (int i = 1; i <= endpoints; i++) {
      backends.add(TestBackend.start("web-" + i));
    }
    destinations.put(
        MeshClients.AUTHORITY,
        backends.stream().map(TestBackend::address).toArray(java.net.InetSocketAddress[]::new));
    fixture = ProxyFixture.start(destinations);
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
    backends.forEach(TestBackend::close);
  }

  @Test
  void slowEndpoint_getsUnderATenthOfTheTraffic_andWinsItBackWhenFastAgain() throws Exception {
    start(3);
    TestBackend slow = backends.get(0);
    slow.delay(Duration.ofMillis(50));

    int before = slow.requestsStarted();
    List<HttpResponse<Void>> responses = sendAll("/", 2_000);
    int slowShare = slow.requestsStarted() - before;

    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(slowShare).as("requests of 2,000 sent to the slow endpoint").isLessThan(200);

    // Fast again: its latency estimate decays (10 s) and its next responses measure it afresh, so
    // its share comes back towards a third within some seconds.
    slow.delay(Duration.ZERO);
    long restored = System.nanoTime();
    double share = 0;
    while (System.nanoTime() - restored < Duration.ofSeconds(40).toNanos()) {
      int from = slow.requestsStarted();
      sendAll("/", 400);
      share = (slow.requestsStarted() - from) / 400.0;
      if (share >= 0.2) {
        break;
      }
    }
    System.out.printf(
        "slow endpoint: %d of 2,000 requests while 50 ms slower; %.0f%% of 400 requests %.1f s"
            + " after it was restored%n",
        slowShare, share * 100, (System.nanoTime() - restored) / 1e9);
    assertThat(share).as("share of the restored endpoint").isGreaterThanOrEqualTo(0.2);
  }

  @Test
  void failingEndpoint_isEjectedAfterSevenFailures_restsDuringBackoff_andReturnsWhenRecovered()
      throws Exception {
    start(2);
    TestBackend failing = backends.get(0);
    TestBackend healthy = backends.get(1);
    failing.failAll(true);

    // Sequential requests: P2C sends to the failing endpoint until its seventh failure in a row.
    int failures = 0;
    for (int i = 0; i < 200 && failing.requestsStarted() < 7; i++) {
      if (send("/").statusCode() == 500) {
        failures++;
      }
    }
    assertThat(failing.requestsStarted()).isEqualTo(7);
    assertThat(failures).isEqualTo(7);

    // Ejected: for the backoff (1 s, jittered by 20%, so at least 800 ms) it gets nothing, and
    // nothing fails.
    long ejected = System.nanoTime();
    List<HttpResponse<Void>> during = new ArrayList<>();
    while (System.nanoTime() - ejected < Duration.ofMillis(500).toNanos()) {
      during.addAll(sendAll("/", 20));
    }
    assertThat(during).hasSizeGreaterThan(20);
    assertThat(during).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(failing.requestsStarted()).as("requests to the ejected endpoint").isEqualTo(7);

    // Recovered: after the backoff a probe succeeds and it takes traffic again.
    failing.failAll(false);
    Thread.sleep(1_300);
    int beforeReturn = failing.requestsStarted();
    List<HttpResponse<Void>> after = sendAll("/", 400);
    assertThat(after).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(failing.requestsStarted() - beforeReturn)
        .as("requests to the recovered endpoint")
        .isGreaterThan(40);
    assertThat(healthy.requestsStarted()).isGreaterThan(0);
  }

  @Test
  void everyEndpointEjected_requestsFailFastWith503SayingWhy() throws Exception {
    start(1);
    TestBackend failing = backends.get(0);
    failing.failAll(true);
    for (int i = 0; i < 7; i++) {
      assertThat(send("/").statusCode()).isEqualTo(500);
    }

    HttpResponse<String> response =
        client.send(MeshClients.request("/").GET().build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains(MeshClients.AUTHORITY);
    assertThat(response.body()).containsIgnoringCase("fail");
    assertThat(failing.requestsStarted()).isEqualTo(7);
  }

  private HttpResponse<Void> send(String path) throws Exception {
    return client.send(MeshClients.request(path).GET().build(), BodyHandlers.discarding());
  }

  /** Sends {@code n} GETs, {@value #CONCURRENCY} at a time. */
  private List<HttpResponse<Void>> sendAll(String path, int n) throws Exception {
    Semaphore window = new Semaphore(CONCURRENCY);
    List<CompletableFuture<HttpResponse<Void>>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      window.acquire();
      futures.add(
          client
              .sendAsync(MeshClients.request(path).GET().build(), BodyHandlers.discarding())
              .whenComplete((r, e) -> window.release()));
    }
    List<HttpResponse<Void>> responses = new ArrayList<>(n);
    for (CompletableFuture<HttpResponse<Void>> f : futures) {
      responses.add(f.get());
    }
    return responses;
  }
}
