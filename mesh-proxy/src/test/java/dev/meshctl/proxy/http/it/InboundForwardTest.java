package dev.meshctl.proxy.http.it;

import static dev.meshctl.proxy.http.it.MeshClients.curl;
import static dev.meshctl.proxy.http.it.MeshClients.plus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.Payload;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import dev.meshctl.proxy.testing.TestBackend.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbound listener forwards every request, whatever authority it names, to {@code
 * MESH_PROXY_INBOUND_FORWARD_ADDR} (the local application), and records it as inbound.
 */
class InboundForwardTest {

  private TestBackend application;
  private TestBackend elsewhere;
  private ProxyFixture fixture;

  @BeforeEach
  void start() throws InterruptedException {
    application = TestBackend.start("app");
    elsewhere = TestBackend.start("elsewhere");
    String forward = "127.0.0.1:" + application.address().getPort();
    // The outbound destinations point elsewhere: the inbound side must not consult them.
    fixture =
        ProxyFixture.start(
            new MutableDestinations().put(MeshClients.AUTHORITY, elsewhere.address()),
            Map.of("MESH_PROXY_INBOUND_FORWARD_ADDR", forward));
  }

  @AfterEach
  void stop() {
    fixture.close();
    application.close();
    elsewhere.close();
  }

  @Test
  void http1Request_isForwardedToTheForwardAddress() {
    Curl.Result result =
        Curl.run(
            Payload.stream(1000),
            plus(curl(fixture.inbound(), false, "/inbound?h1"), "-X", "POST", "-T", "-"));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("x-backend")).isEqualTo("app");
    assertThat(result.body()).isEqualTo(Payload.sha256(1000));
    RecordedRequest received = application.completeRequests().get(0);
    assertThat(received.uri()).isEqualTo("/inbound?h1");
    assertThat(received.headers().get("host")).isEqualTo(MeshClients.AUTHORITY);
    assertThat(elsewhere.requestsStarted()).isZero();
    assertThat(inbound("request_total", "")).isEqualTo(1);
    assertThat(inbound("response_total", "classification=\"success\",")).isEqualTo(1);
  }

  @Test
  void http2Request_isForwardedToTheForwardAddressOverHttp2() {
    Curl.Result result = Curl.run(null, curl(fixture.inbound(), true, "/inbound?h2"));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("x-backend")).isEqualTo("app");
    assertThat(application.completeRequests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.protocol()).isEqualTo("HTTP/2");
              assertThat(r.uri()).isEqualTo("/inbound?h2");
            });
    assertThat(elsewhere.requestsStarted()).isZero();
    assertThat(inbound("request_total", "")).isEqualTo(1);
  }

  @Test
  void requestForAnyAuthority_isForwardedToo() {
    Curl.Result result =
        Curl.run(
            "--http1.1",
            "-H",
            "Host: unknown.example:9999",
            "http://127.0.0.1:" + fixture.inbound().getPort() + "/any");

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("x-backend")).isEqualTo("app");
  }

  /** A request metric of the inbound direction for {@link MeshClients#AUTHORITY}. */
  private double inbound(String metric, String classification) {
    String target = "127.0.0.1:" + application.address().getPort();
    String status = metric.equals("response_total") ? "status_code=\"200\"," : "";
    return fixture.sample(
        metric
            + "{authority=\""
            + MeshClients.AUTHORITY
            + "\","
            + classification
            + "direction=\"inbound\","
            + status
            + "target_addr=\""
            + target
            + "\",tls=\"no_identity\"}");
  }
}
