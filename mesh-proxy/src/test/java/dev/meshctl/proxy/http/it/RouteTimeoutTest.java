package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route's timeout runs from the request's first byte to the response's headers: a slower backend
 * gets its request cancelled and the client a 504 that says which route timed out.
 */
class RouteTimeoutTest {

  private TestBackend backend;
  private ProxyFixture fixture;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start("web-1");
    ServiceProfile profile =
        new ServiceProfile(
            List.of(
                new RouteSpec(
                    "slow-route",
                    RequestMatch.pathRegex("/slow"),
                    false,
                    Optional.of(Duration.ofMillis(100)))),
            RetryBudgetSpec.DEFAULT);
    fixture =
        ProxyFixture.start(
            new MutableDestinations().put(MeshClients.AUTHORITY, profile, backend.address()));
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterEach
  void stop() {
    fixture.close();
    backend.close();
  }

  @Test
  void routeTimeout_answers504InAboutTheTimeout_andCancelsTheUpstreamRequest() throws Exception {
    long started = System.nanoTime();
    var response =
        client.send(MeshClients.request("/slow?ms=1000").GET().build(), BodyHandlers.ofString());
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("slow-route")
        .contains("100 ms");
    assertThat(tookMs).as("answered well before the backend's 1 s").isLessThan(800);
    // The upstream connection carrying the request was closed: the backend's answer is moot.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(fixture.scrape())
                    .containsPattern(
                        "tcp_close_total\\{direction=\"outbound\",peer=\"dst\",target_addr=\"[^\"]+\",tls=\"no_identity\"} 1\\.0"));
    assertThat(
            fixture.sample(
                "response_total{authority=\""
                    + MeshClients.AUTHORITY
                    + "\",classification=\"failure\",direction=\"outbound\",status_code=\"504\",target_addr=\"127.0.0.1:"
                    + backend.address().getPort()
                    + "\",tls=\"no_identity\"}"))
        .isEqualTo(1.0);
  }

  @Test
  void requestsOffTheTimedRoute_areNotTimedOut() throws Exception {
    var response =
        client.send(MeshClients.request("/other").GET().build(), BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }
}
