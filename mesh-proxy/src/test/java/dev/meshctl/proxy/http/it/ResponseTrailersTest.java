package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A chunked response's trailers (RFC 9112 section 7.1.2) reach the client with its body. */
class ResponseTrailersTest {

  private static TestBackend backend;
  private static ProxyFixture fixture;

  @BeforeAll
  static void start() throws InterruptedException {
    backend = TestBackend.start("web-1");
    fixture =
        ProxyFixture.start(new MutableDestinations().put(MeshClients.AUTHORITY, backend.address()));
  }

  @AfterAll
  static void stop() {
    fixture.close();
    backend.close();
  }

  @Test
  void http1ChunkedResponse_arrivesWithItsTrailers() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(
          "GET /trailers HTTP/1.1\r\nHost: " + MeshClients.AUTHORITY + "\r\nTE: trailers\r\n\r\n");
      RawHttp1Connection.Response response = connection.readResponse();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("transfer-encoding")).isEqualToIgnoringCase("chunked");
      assertThat(response.body()).isEqualTo("hello world");
      assertThat(response.trailers())
          .containsEntry("x-trailer-sha", sha256("hello world"))
          .containsEntry("x-trailer-count", "2");

      // The connection is still in step: the next request on it works.
      connection.send("GET /after HTTP/1.1\r\nHost: " + MeshClients.AUTHORITY + "\r\n\r\n");
      assertThat(connection.readResponse().status()).isEqualTo(200);
    }
  }

  @Test
  void http2Response_arrivesWithItsTrailers() throws Exception {
    Curl.Result result = Curl.run(null, MeshClients.curl(fixture.outbound(), true, "/trailers"));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).isEqualTo("hello world");
    assertThat(result.last().trailers())
        .containsEntry("x-trailer-sha", sha256("hello world"))
        .containsEntry("x-trailer-count", "2");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
  }
}
