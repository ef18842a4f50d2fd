package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import dev.meshctl.proxy.testing.TestBackend.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 pipelining (RFC 9112 section 9.3.2): requests written back to back on one connection get
 * their responses in the order they were sent, even when the first takes longer.
 */
class Http1PipeliningTest {

  private static final String HOST = "Host: " + MeshClients.AUTHORITY + "\r\n";

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
  void twoPipelinedRequests_getTwoResponsesInOrder() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(
          "GET /slow?ms=300 HTTP/1.1\r\n"
              + HOST
              + "\r\n"
              + "GET /fast HTTP/1.1\r\n"
              + HOST
              + "\r\n");

      RawHttp1Connection.Response first = connection.readResponse();
      RawHttp1Connection.Response second = connection.readResponse();

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("x-uri")).isEqualTo("/slow?ms=300");
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.header("x-uri")).isEqualTo("/fast");
    }
  }

  @Test
  void pipelinedRequestsWithBodies_keepTheirBodiesApart() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(
          "POST /body-one HTTP/1.1\r\n"
              + HOST
              + "Content-Length: 5\r\n\r\nfirst"
              + "POST /body-two HTTP/1.1\r\n"
              + HOST
              + "Transfer-Encoding: chunked\r\n\r\n6\r\nsecond\r\n0\r\n\r\n"
              + "GET /body-three HTTP/1.1\r\n"
              + HOST
              + "\r\n");

      RawHttp1Connection.Response one = connection.readResponse();
      RawHttp1Connection.Response two = connection.readResponse();
      RawHttp1Connection.Response three = connection.readResponse();

      assertThat(one.header("x-uri")).isEqualTo("/body-one");
      assertThat(one.body()).isEqualTo(sha256("first"));
      assertThat(two.header("x-uri")).isEqualTo("/body-two");
      assertThat(two.body()).isEqualTo(sha256("second"));
      assertThat(three.header("x-uri")).isEqualTo("/body-three");
      assertThat(three.body()).isEqualTo(sha256(""));
    }
    assertThat(backend.completeRequests())
        .extracting(RecordedRequest::uri)
        .containsSubsequence("/body-one", "/body-two", "/body-three");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
  }
}
