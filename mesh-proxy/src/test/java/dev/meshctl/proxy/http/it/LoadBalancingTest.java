package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests to a destination with two endpoints are shared between them in turn; when one endpoint
 * dies, it stops receiving and every request still succeeds on the other (connecting to the dead
 * one fails and the proxy tries the next endpoint).
 */
class LoadBalancingTest {

  private static final int REQUESTS = 20;

  private TestBackend first;
  private TestBackend second;
  private ProxyFixture fixture;
  private HttpClient client;

  @BeforeEach
  void start() throws InterruptedException {
    first = TestBackend.start("web-1");
    second = TestBackend.start("web-2");
    fixture =
        ProxyFixture.start(
            new MutableDestinations()
                .put(MeshClients.AUTHORITY, first.address(), second.address()));
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterEach
  void stop() {
    fixture.close();
    first.close();
    second.close();
  }

  @Test
  void concurrentHttp1Requests_areShared_andAllSucceedAfterOneEndpointIsKilled() throws Exception {
    // The balancer is load-aware (P2C over PeakEWMA x in-flight requests): concurrent requests
    // spread over both endpoints; sequential ones may all go to the faster one.
    assertThat(countByBackend(concurrentHttp1Requests())).containsOnlyKeys("web-1", "web-2");
    assertThat(first.completeRequests()).hasSizeGreaterThanOrEqualTo(REQUESTS / 10);
    assertThat(second.completeRequests()).hasSizeGreaterThanOrEqualTo(REQUESTS / 10);

    killFirstAndAwaitProxyNoticed();
    int servedByFirst = first.requestsStarted();

    assertThat(countByBackend(http1Requests()))
        .containsExactly(Map.entry("web-2", (long) REQUESTS));
    assertThat(first.requestsStarted()).isEqualTo(servedByFirst);
  }

  @Test
  void http2Requests_allSucceed_andAllGoToTheSurvivorAfterOneEndpointIsKilled() {
    assertThat(http2Requests()).hasSize(REQUESTS);
    assertThat(first.completeRequests().size() + second.completeRequests().size())
        .isEqualTo(REQUESTS);
    assertThat(first.completeRequests()).allMatch(r -> r.protocol().equals("HTTP/2"));

    killFirstAndAwaitProxyNoticed();
    int servedByFirst = first.requestsStarted();

    assertThat(countByBackend(http2Requests()))
        .containsExactly(Map.entry("web-2", (long) REQUESTS));
    assertThat(first.requestsStarted()).isEqualTo(servedByFirst);
  }

  /** The x-backend of each successful response; a failed request fails the test. */
  private List<String> http1Requests() throws Exception {
    List<String> servedBy = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      var response =
          client.send(MeshClients.request("/lb?" + i).GET().build(), BodyHandlers.ofString());
      assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
      servedBy.add(response.headers().firstValue("x-backend").orElseThrow());
    }
    return servedBy;
  }

  /** REQUESTS requests in flight at once; a failed request fails the test. */
  private List<String> concurrentHttp1Requests() throws Exception {
    List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> pending =
        new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      pending.add(
          client.sendAsync(MeshClients.request("/lb?" + i).GET().build(), BodyHandlers.ofString()));
    }
    List<String> servedBy = new ArrayList<>();
    for (var future : pending) {
      var response = future.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      servedBy.add(response.headers().firstValue("x-backend").orElseThrow());
    }
    return servedBy;
  }

  /** Every request over HTTP/2; a failed request fails the test. */
  private List<String> http2Requests() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      paths.add("/lb?" + i);
    }
    List<String> results = MeshClients.http2Each(fixture.outbound(), paths);
    assertThat(results).hasSize(REQUESTS).allMatch(line -> line.startsWith("200 "));
    return results.stream().map(line -> line.substring(4)).toList();
  }

  /**
   * Kills the first backend and waits until the proxy has seen its connections close, so that no
   * request is written on a pooled connection the proxy does not yet know is dead.
   */
  private void killFirstAndAwaitProxyNoticed() {
    first.kill();
    String target = "127.0.0.1:" + first.address().getPort();
    String labels =
        "{direction=\"outbound\",peer=\"dst\",target_addr=\"" + target + "\",tls=\"no_identity\"}";
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                fixture.sample("tcp_close_total" + labels)
                    == fixture.sample("tcp_open_total" + labels));
  }

  private static Map<String, Long> countByBackend(List<String> servedBy) {
    return servedBy.stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}
