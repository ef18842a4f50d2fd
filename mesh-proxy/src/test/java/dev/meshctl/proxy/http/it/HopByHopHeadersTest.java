package dev.meshctl.proxy.http.it;

import static dev.meshctl.proxy.http.it.MeshClients.curl;
import static dev.meshctl.proxy.http.it.MeshClients.plus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Headers that describe one hop (RFC 9110 section 7.6.1) stop at the proxy, both ways: {@code
 * Connection} and every header it names, {@code Keep-Alive}, {@code Proxy-Connection}; end-to-end
 * headers pass.
 */
class HopByHopHeadersTest {

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
  void hopByHopRequestHeaders_doNotReachTheBackend_endToEndOnesDo() {
    Curl.Result result =
        Curl.run(
            null,
            plus(
                curl(fixture.outbound(), false, "/hop-request"),
                "-H",
                "Connection: X-Hop-One, x-hop-two",
                "-H",
                "X-Hop-One: secret",
                "-H",
                "X-Hop-Two: secret",
                "-H",
                "Keep-Alive: timeout=5",
                "-H",
                "Proxy-Connection: keep-alive",
                "-H",
                "X-End-To-End: passes"));

    assertThat(result.status()).isEqualTo(200);
    HttpHeaders received =
        backend.completeRequests().stream()
            .filter(r -> r.uri().equals("/hop-request"))
            .findFirst()
            .orElseThrow()
            .headers();
    assertThat(received.names())
        .map(String::toLowerCase)
        .doesNotContain("x-hop-one", "x-hop-two", "keep-alive", "proxy-connection", "connection");
    assertThat(received.get("x-end-to-end")).isEqualTo("passes");
    assertThat(received.get("host")).isEqualTo(MeshClients.AUTHORITY);
  }

  @Test
  void hopByHopResponseHeaders_doNotReachTheClient_endToEndOnesDo() {
    Curl.Result result = Curl.run(null, curl(fixture.outbound(), false, "/hop-response"));

    assertThat(result.status()).isEqualTo(200);
    Curl.Head head = result.last();
    assertThat(head.headers()).doesNotContainKeys("x-resp-hop", "keep-alive", "proxy-connection");
    assertThat(head.headers().getOrDefault("connection", java.util.List.of()))
        .noneMatch(value -> value.toLowerCase().contains("x-resp-hop"));
    assertThat(head.header("x-resp-end-to-end")).isEqualTo("passes");
    assertThat(result.body()).isEqualTo("hop\n");
  }
}
