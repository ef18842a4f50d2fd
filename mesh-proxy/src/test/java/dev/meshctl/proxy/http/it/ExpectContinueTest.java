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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue} (RFC 9110 section 10.1.1) reaches the backend, whose {@code 100
 * Continue} reaches the client, which only then sends its body.
 */
class ExpectContinueTest {

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
  void curlWithExpectContinue_getsThe100_thenItsBodyArrivesWhole() {
    long size = 64 * Payload.KIB;
    long started = System.nanoTime();
    // curl waits up to the expect100 timeout for the 100 before it sends the body anyway: a long
    // timeout makes a 100 that never arrives show as a slow request as well as a missing head.
    Curl.Result result =
        Curl.run(
            Payload.stream(size),
            plus(
                curl(fixture.outbound(), false, "/continue"),
                "-v",
                "-X",
                "POST",
                "-T",
                "-",
                "-H",
                "Content-Length: " + size,
                "-H",
                "Transfer-Encoding:",
                "-H",
                "Expect: 100-continue",
                "--expect100-timeout",
                "20"));
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.heads()).extracting(Curl.Head::status).containsExactly(100, 200);
    assertThat(result.stderr()).contains("HTTP/1.1 100 Continue");
    assertThat(elapsedMs).isLessThan(10_000);
    assertThat(result.body()).isEqualTo(Payload.sha256(size));
    RecordedRequest received = backend.completeRequests().get(0);
    assertThat(received.headers().get("expect")).isEqualToIgnoringCase("100-continue");
    assertThat(received.bodyBytes()).isEqualTo(size);
  }
}
