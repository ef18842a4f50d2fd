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
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies cross the outbound listener unchanged, both ways, over HTTP/1.1 and HTTP/2, whatever their
 * size and framing (a length, or chunks / DATA frames without one): the SHA-256 at the far end is
 * the sender's.
 */
class OutboundBodyTransparencyTest {

  private static TestBackend backend;
  private static ProxyFixture fixture;
  private static HttpClient client;

  @BeforeAll
  static void start() throws InterruptedException {
    backend = TestBackend.start("web-1");
    fixture =
        ProxyFixture.start(new MutableDestinations().put(MeshClients.AUTHORITY, backend.address()));
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterAll
  static void stop() {
    fixture.close();
    backend.close();
  }

  static Stream<Arguments> sizesAndFraming() {
    return Stream.of(1L, 64L * Payload.KIB, 100L * Payload.MIB)
        .flatMap(size -> Stream.of(Arguments.of(size, true), Arguments.of(size, false)));
  }

  /**
   * Over HTTP/2 a response's framing is only whether it declares a length; the 100 MiB case is run
   * once (with a length), since each costs seconds under paranoid leak detection.
   */
  static Stream<Arguments> http2ResponseCases() {
    return sizesAndFraming()
        .filter(a -> !((long) a.get()[0] == 100L * Payload.MIB && (boolean) a.get()[1]));
  }

  @ParameterizedTest(name = "{0} bytes, chunked={1}")
  @MethodSource("sizesAndFraming")
  void http1RequestBody_arrivesAtBackendWithSameSha256(long size, boolean chunked)
      throws Exception {
    String path = "/upload?h1&size=" + size + "&chunked=" + chunked;
    var publisher = BodyPublishers.ofInputStream(() -> Payload.stream(size));
    var response =
        client.send(
            MeshClients.request(path)
                .POST(chunked ? publisher : BodyPublishers.fromPublisher(publisher, size))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Payload.sha256(size));
    RecordedRequest received = received(path);
    assertThat(received.protocol()).isEqualTo("HTTP/1.1");
    assertThat(received.bodyBytes()).isEqualTo(size);
    assertThat(received.sha256()).isEqualTo(Payload.sha256(size));
    if (!chunked) {
      assertThat(received.headers().get("content-length")).isEqualTo(Long.toString(size));
    }
  }

  @ParameterizedTest(name = "{0} bytes, without length={1}")
  @MethodSource("sizesAndFraming")
  void http2RequestBody_arrivesAtBackendWithSameSha256(long size, boolean withoutLength) {
    String path = "/upload?h2&size=" + size + "&nolength=" + withoutLength;
    List<String> args = plus(curl(fixture.outbound(), true, path), "-X", "POST", "-T", "-");
    if (!withoutLength) {
      args = plus(args, "-H", "content-length: " + size);
    }
    Curl.Result result = Curl.run(Payload.stream(size), args);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).isEqualTo(Payload.sha256(size));
    RecordedRequest received = received(path);
    assertThat(received.protocol()).isEqualTo("HTTP/2");
    assertThat(received.bodyBytes()).isEqualTo(size);
    assertThat(received.sha256()).isEqualTo(Payload.sha256(size));
  }

  @ParameterizedTest(name = "{0} bytes, chunked={1}")
  @MethodSource("sizesAndFraming")
  void http1ResponseBody_arrivesAtClientWithSameSha256(long size, boolean chunked)
      throws Exception {
    var response =
        MeshClients.sendDigesting(
            client, MeshClients.request("/bytes?n=" + size + "&chunked=" + chunked).GET().build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.response().headers().firstValue("x-backend")).hasValue("web-1");
    assertThat(response.bytes()).isEqualTo(size);
    assertThat(response.sha256()).isEqualTo(Payload.sha256(size));
  }

  @ParameterizedTest(name = "{0} bytes, without length={1}")
  @MethodSource("http2ResponseCases")
  void http2ResponseBody_arrivesAtClientWithSameSha256(long size, boolean withoutLength) {
    Curl.Result result =
        Curl.run(
            null, curl(fixture.outbound(), true, "/bytes?n=" + size + "&chunked=" + withoutLength));

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("x-backend")).isEqualTo("web-1");
    assertThat(result.bodyBytes()).isEqualTo(size);
    assertThat(result.bodySha256()).isEqualTo(Payload.sha256(size));
  }

  private static RecordedRequest received(String uri) {
    return backend.completeRequests().stream()
        .filter(r -> r.uri().equals(uri))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("the backend received no complete " + uri));
  }
}
