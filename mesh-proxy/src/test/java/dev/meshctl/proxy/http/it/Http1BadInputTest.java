package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import dev.meshctl.proxy.testing.TestBackend.RecordedRequest;
import java.io.EOFException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client or a backend gets wrong on HTTP/1, written by hand on sockets: each gets its answer
 * (or its cut connection), is counted, and leaves the proxy serving the next request.
 */
class Http1BadInputTest {

  private static final int MAX_HEADER_SIZE = 4096;
  private static final int MAX_LINE = 1024;
  private static final String HOST = "Host: " + MeshClients.AUTHORITY + "\r\n";

  private TestBackend backend;
  private ProxyFixture fixture;

  @BeforeEach
  void start() throws InterruptedException {
    backend = TestBackend.start("web-1");
    fixture =
        ProxyFixture.start(
            new MutableDestinations().put(MeshClients.AUTHORITY, backend.address()),
            Map.of(
                "MESH_PROXY_HTTP1_MAX_HEADER_SIZE", Integer.toString(MAX_HEADER_SIZE),
                "MESH_PROXY_HTTP1_MAX_INITIAL_LINE_LENGTH", Integer.toString(MAX_LINE)));
  }

  @AfterEach
  void stop() {
    fixture.close();
    backend.close();
  }

  @Test
  void invalidRequestLine_is400_andTheConnectionIsClosed() throws Exception {
    assertRejected("GET / HTTP/1.1 trailing-junk\r\n" + HOST + "\r\n", 400);
  }

  @Test
  void headerBlockOverTheLimit_is431_andTheConnectionIsClosed() throws Exception {
    String big = "X-Big: " + "a".repeat(MAX_HEADER_SIZE + 100) + "\r\n";
    assertRejected("GET / HTTP/1.1\r\n" + HOST + big + "\r\n", 431);
  }

  @Test
  void requestLineOverTheLimit_is414_andTheConnectionIsClosed() throws Exception {
    String path = "/" + "a".repeat(MAX_LINE + 100);
    assertRejected("GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n", 414);
  }

  @Test
  void bodyEndingEarly_neverReachesTheBackendComplete_andTheProxyKeepsServing() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(
          "POST /early HTTP/1.1\r\n" + HOST + "Content-Length: 1000\r\n\r\n" + "x".repeat(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> backend.requestsStarted() == 1);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(backend.requests())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.uri()).isEqualTo("/early");
                          assertThat(r.complete()).isFalse();
                          assertThat(r.bodyBytes()).isLessThan(1000);
                        }));
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.proxy.inFlight().count() == 0);
    assertThat(fixture.sample("request_total" + webLabels())).isEqualTo(1);

    assertNextRequestSucceeds();
    assertThat(backend.completeRequests()).extracting(RecordedRequest::uri).containsExactly("/ok");
  }

  @Test
  void bodyEndingEarlyWithAHalfClose_neverReachesTheBackendComplete_andTheProxyKeepsServing()
      throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(
          "POST /early HTTP/1.1\r\n" + HOST + "Content-Length: 1000\r\n\r\n" + "x".repeat(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> backend.requestsStarted() == 1);
      connection.shutdownOutput();

      // The request can never complete: the proxy gives up on it and ends the connection.
      assertThat(connection.closedByPeer(5_000)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.proxy.inFlight().count() == 0);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(backend.requests()).singleElement().matches(r -> !r.complete()));

    assertNextRequestSucceeds();
  }

  @Test
  void backendClosingMidResponse_cutsTheClientConnection_andTheNextRequestWorks() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send("GET /cut HTTP/1.1\r\n" + HOST + "\r\n");
      assertThatThrownBy(connection::readResponse).isInstanceOf(EOFException.class);
    }

    // A real client sees the same: a body cut short (curl: "transfer closed with ... remaining").
    Curl.Result cut = Curl.run(null, MeshClients.curl(fixture.outbound(), false, "/cut"));
    assertThat(cut.exitCode()).as(cut.stderr()).isEqualTo(18);
    assertThat(cut.bodyBytes()).isEqualTo(10);

    assertNextRequestSucceeds();
    String failures =
        "response_total{authority=\""
            + MeshClients.AUTHORITY
            + "\",classification=\"failure\",direction=\"outbound\",status_code=\"200\",target_addr=\""
            + target()
            + "\",tls=\"no_identity\"}";
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.sample(failures) == 2);
    assertThat(fixture.sample(failures.replace("failure", "success"))).isEqualTo(1);
  }

  /** Sends {@code request}, expects {@code status} and a closed connection, counted as failure. */
  private void assertRejected(String request, int status) throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(request);
      RawHttp1Connection.Response response = connection.readResponse();
      assertThat(response.status()).isEqualTo(status);
      assertThat(response.header("connection")).isEqualToIgnoringCase("close");
      assertThat(connection.closedByPeer(5_000)).isTrue();
    }
    String failures =
        "response_total{authority=\"\",classification=\"failure\",direction=\"outbound\","
            + "status_code=\""
            + status
            + "\",target_addr=\"\",tls=\"no_identity\"}";
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.sample(failures) == 1);
    assertThat(
            fixture.sample(
                "request_total{authority=\"\",direction=\"outbound\",target_addr=\"\",tls=\"no_identity\"}"))
        .isEqualTo(1);
    assertThat(backend.requestsStarted()).isZero();
    assertNextRequestSucceeds();
  }

  private void assertNextRequestSucceeds() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send("GET /ok HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp1Connection.Response response = connection.readResponse();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("x-backend")).isEqualTo("web-1");
    }
  }

  private String target() {
    return "127.0.0.1:" + backend.address().getPort();
  }

  private String webLabels() {
    return "{authority=\""
        + MeshClients.AUTHORITY
        + "\",direction=\"outbound\",target_addr=\""
        + target()
        + "\",tls=\"no_identity\"}";
  }
}
