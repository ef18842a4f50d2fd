package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After N requests, the request metrics count exactly N under the labels of the authority and
 * endpoint they went to, and nothing under another destination's labels.
 */
class RequestMetricsTest {

  private static final String OTHER_AUTHORITY = "api.test:9090";

  private TestBackend web;
  private TestBackend api;
  private ProxyFixture fixture;

  @BeforeEach
  void start() throws InterruptedException {
    web = TestBackend.start("web-1");
    api = TestBackend.start("api-1");
    fixture =
        ProxyFixture.start(
            new MutableDestinations()
                .put(MeshClients.AUTHORITY, web.address())
                .put(OTHER_AUTHORITY, api.address()));
  }

  @AfterEach
  void stop() {
    fixture.close();
    web.close();
    api.close();
  }

  @Test
  void http1Requests_areCountedExactly_perAuthorityAndEndpoint() throws Exception {
    HttpClient client = MeshClients.jdkVia(fixture.outbound());
    for (int i = 0; i < 7; i++) {
      assertThat(client.send(get(MeshClients.AUTHORITY, i), BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(client.send(get(OTHER_AUTHORITY, i), BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }

    assertCounted(MeshClients.AUTHORITY, web, 7);
    assertCounted(OTHER_AUTHORITY, api, 3);
  }

  @Test
  void http2Requests_areCountedExactly_perAuthorityAndEndpoint() {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      paths.add("/m?" + i);
    }
    assertThat(MeshClients.http2Each(fixture.outbound(), paths))
        .containsOnly("200 web-1")
        .hasSize(5);

    assertCounted(MeshClients.AUTHORITY, web, 5);
    assertCounted(OTHER_AUTHORITY, api, 0);
  }

  private void assertCounted(String authority, TestBackend backend, int n) {
    String target = "127.0.0.1:" + backend.address().getPort();
    String requests =
        String.format(
            "request_total{authority=\"%s\",direction=\"outbound\",target_addr=\"%s\",tls=\"no_identity\"}",
            authority, target);
    String successes =
        String.format(
            "response_total{authority=\"%s\",classification=\"success\",direction=\"outbound\","
                + "status_code=\"200\",target_addr=\"%s\",tls=\"no_identity\"}",
            authority, target);
    String failures = successes.replace("\"success\"", "\"failure\"");
    String latencies =
        String.format(
            "response_latency_ms_count{authority=\"%s\",direction=\"outbound\",status_code=\"200\","
                + "target_addr=\"%s\",tls=\"no_identity\"}",
            authority, target);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(fixture.sample(requests)).as(requests).isEqualTo(n);
              assertThat(fixture.sample(successes)).as(successes).isEqualTo(n);
              assertThat(fixture.sample(latencies)).as(latencies).isEqualTo(n);
              assertThat(fixture.sample(failures)).as(failures).isZero();
            });
    assertThat(backend.completeRequests()).hasSize(n);
  }

  private static HttpRequest get(String authority, int i) {
    return HttpRequest.newBuilder(URI.create("http://" + authority + "/m?" + i))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
  }
}
