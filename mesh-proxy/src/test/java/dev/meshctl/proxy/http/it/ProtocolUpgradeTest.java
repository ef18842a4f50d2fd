package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.Payload;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket-style upgrade (RFC 9110 section 7.8): the backend's 101 reaches the client, and from
 * then on the connection carries raw bytes both ways through the proxy.
 */
class ProtocolUpgradeTest {

  private TestBackend backend;
  private ProxyFixture fixture;

  @BeforeEach
  void start() throws InterruptedException {
    backend = TestBackend.start("web-1");
    fixture =
        ProxyFixture.start(new MutableDestinations().put(MeshClients.AUTHORITY, backend.address()));
  }

  @AfterEach
  void stop() {
    fixture.close();
    backend.close();
  }

  @Test
  void upgradeRequest_gets101_thenRawBytesFlowBothWays() throws Exception {
    try (RawHttp1Connection connection = new RawHttp1Connection(fixture.outbound())) {
      connection.send(
          "GET /ws HTTP/1.1\r\nHost: "
              + MeshClients.AUTHORITY
              + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
      RawHttp1Connection.Response switched = connection.readResponse();

      assertThat(switched.status()).isEqualTo(101);
      assertThat(switched.header("upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(switched.header("connection")).containsIgnoringCase("upgrade");
      assertThat(backend.completeRequests().get(0).headers().get("upgrade"))
          .isEqualToIgnoringCase("websocket");

      // Not HTTP any more: bytes an HTTP parser would reject come back as they went.
      byte[] hello = "\u0000hello, not HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      connection.send(hello);
      assertThat(connection.exactly(hello.length)).isEqualTo(hello);

      // A larger stream, read while it is written, so that backpressure is exercised both ways.
      int size = 4 * Payload.MIB;
      CompletableFuture<String> echoed =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  MessageDigest digest = Payload.newDigest();
                  digest.update(connection.exactly(size));
                  return Payload.hex(digest);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (InputStream payload = Payload.stream(size)) {
        connection.send(payload.readAllBytes());
      }
      assertThat(echoed.get(20, TimeUnit.SECONDS)).isEqualTo(Payload.sha256(size));
    }

    String switchedOk =
        "response_total{authority=\""
            + MeshClients.AUTHORITY
            + "\",classification=\"success\",direction=\"outbound\",status_code=\"101\","
            + "target_addr=\"127.0.0.1:"
            + backend.address().getPort()
            + "\",tls=\"no_identity\"}";
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.sample(switchedOk) == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.proxy.inFlight().count() == 0);
  }
}
