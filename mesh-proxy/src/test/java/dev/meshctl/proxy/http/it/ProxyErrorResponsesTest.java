package dev.meshctl.proxy.http.it;

import static dev.meshctl.proxy.http.it.MeshClients.curl;
import static dev.meshctl.proxy.http.it.MeshClients.plus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The errors the proxy answers itself: each has its status and a {@code mesh-proxy-error} header
 * that says why, is counted as a failure, and leaves the proxy (and the client's connection)
 * serving the next request.
 */
class ProxyErrorResponsesTest {

  private static final String UNKNOWN = "unknown.test:8080";
  private static final String EMPTY = "empty.test:80";
  private static final String DOWN = "down.test:80";

  private TestBackend backend;
  private ProxyFixture fixture;
  private HttpClient client;
  private List<InetSocketAddress> refusing;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start("web-1");
    refusing = List.of(closedPort(), closedPort());
    fixture =
        ProxyFixture.start(
            new MutableDestinations()
                .put(MeshClients.AUTHORITY, backend.address())
                .put(EMPTY)
                .put(DOWN, refusing.toArray(InetSocketAddress[]::new)));
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterEach
  void stop() {
    fixture.close();
    backend.close();
  }

  @Test
  void unknownAuthority_is502NamingIt_countedAsFailure_andTheNextRequestSucceeds()
      throws Exception {
    HttpResponse<String> response = send(UNKNOWN);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("mesh-proxy-error"))
        .hasValueSatisfying(reason -> assertThat(reason).contains(UNKNOWN));
    awaitFailures("", "", "502", 1);
    assertThat(backend.requestsStarted()).isZero();
    assertNextRequestSucceeds();
  }

  @Test
  void destinationWithoutEndpoints_is503_countedAsFailure_andTheNextRequestSucceeds()
      throws Exception {
    HttpResponse<String> response = send(EMPTY);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("mesh-proxy-error"))
        .hasValueSatisfying(reason -> assertThat(reason).contains(EMPTY));
    awaitFailures(EMPTY, "", "503", 1);
    assertNextRequestSucceeds();
  }

  @Test
  void allEndpointsRefusing_is502CouldNotConnect_countedAsFailure_andTheNextRequestSucceeds()
      throws Exception {
    HttpResponse<String> response = send(DOWN);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("mesh-proxy-error"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("could not connect"));
    String target = response.headers().firstValue("mesh-proxy-error").orElseThrow();
    InetSocketAddress named =
        refusing.stream()
            .filter(a -> target.contains("127.0.0.1:" + a.getPort()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("names no endpoint: " + target));
    awaitFailures(DOWN, "127.0.0.1:" + named.getPort(), "502", 1);
    assertNextRequestSucceeds();
  }

  @Test
  void errorsOverHttp2_haveTheirStatusAndReason_andAreCountedAsFailures() {
    Curl.Result unknown =
        Curl.run(null, plus(curl(fixture.outbound(), true, "/e"), "-H", "Host: " + UNKNOWN));
    assertThat(unknown.exitCode()).as(unknown.stderr()).isZero();
    assertThat(unknown.status()).isEqualTo(502);
    assertThat(unknown.header("mesh-proxy-error")).contains(UNKNOWN);

    Curl.Result empty =
        Curl.run(null, plus(curl(fixture.outbound(), true, "/e"), "-H", "Host: " + EMPTY));
    assertThat(empty.status()).isEqualTo(503);
    assertThat(empty.header("mesh-proxy-error")).contains(EMPTY);

    Curl.Result down =
        Curl.run(null, plus(curl(fixture.outbound(), true, "/e"), "-H", "Host: " + DOWN));
    assertThat(down.status()).isEqualTo(502);
    assertThat(down.header("mesh-proxy-error")).contains("could not connect");

    awaitFailures("", "", "502", 1);
    awaitFailures(EMPTY, "", "503", 1);
    assertThat(MeshClients.http2Each(fixture.outbound(), List.of("/after-errors", "/and-more")))
        .containsExactly("200 web-1", "200 web-1");
  }

  private void assertNextRequestSucceeds() throws Exception {
    HttpResponse<String> ok = send(MeshClients.AUTHORITY);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("x-backend")).hasValue("web-1");
  }

  private HttpResponse<String> send(String authority) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://" + authority + "/e"))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        BodyHandlers.ofString());
  }

  private void awaitFailures(String authority, String target, String status, int n) {
    String labels =
        String.format(
            "{authority=\"%s\",direction=\"outbound\",target_addr=\"%s\",tls=\"no_identity\"}",
            authority, target);
    String failures =
        String.format(
            "response_total{authority=\"%s\",classification=\"failure\",direction=\"outbound\","
                + "status_code=\"%s\",target_addr=\"%s\",tls=\"no_identity\"}",
            authority, status, target);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(fixture.sample("request_total" + labels)).as(labels).isEqualTo(n);
              assertThat(fixture.sample(failures)).as(failures).isEqualTo(n);
              assertThat(fixture.sample(failures.replace("failure", "success"))).isZero();
            });
  }

  /** A loopback port nothing listens on (connecting is refused). */
  private static InetSocketAddress closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }
  }
}
