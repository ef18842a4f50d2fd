package dev.meshctl.proxy.http.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Draining stops the listeners at once, so new connections are refused, while the requests in
 * flight run to completion (HTTP/1 with {@code Connection: close}, HTTP/2 after a GOAWAY).
 */
class GracefulDrainTest {

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
  void drainDuringASlowHttp1Request_refusesNewConnections_andTheRequestCompletes()
      throws Exception {
    HttpClient client = MeshClients.jdkVia(fixture.outbound());
    CompletableFuture<HttpResponse<String>> slow =
        client.sendAsync(
            MeshClients.request("/slow?ms=1500").GET().build(), BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.requestsStarted() == 1);

    CompletableFuture<Boolean> drained = drainInBackground();

    await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertRefused(fixture.outbound()));
    assertRefused(fixture.inbound());
    assertThat(slow).as("still in flight when new connections are refused").isNotDone();

    HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-uri")).hasValue("/slow?ms=1500");
    assertThat(response.headers().firstValue("connection")).hasValue("close");
    assertThat(drained.get(10, TimeUnit.SECONDS)).as("drained in time").isTrue();
    assertThat(fixture.proxy.isReady()).isFalse();
  }

  @Test
  void drainDuringASlowHttp2Request_refusesNewConnections_andTheRequestCompletes()
      throws Exception {
    CompletableFuture<Curl.Result> slow =
        CompletableFuture.supplyAsync(
            () -> Curl.run(null, MeshClients.curl(fixture.outbound(), true, "/slow?ms=1500")));
    await().atMost(Duration.ofSeconds(5)).until(() -> backend.requestsStarted() == 1);

    CompletableFuture<Boolean> drained = drainInBackground();

    await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertRefused(fixture.outbound()));
    assertThat(slow).as("still in flight when new connections are refused").isNotDone();

    Curl.Result result = slow.get(10, TimeUnit.SECONDS);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("x-uri")).isEqualTo("/slow?ms=1500");
    assertThat(drained.get(10, TimeUnit.SECONDS)).as("drained in time").isTrue();
  }

  private CompletableFuture<Boolean> drainInBackground() {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return fixture.proxy.drain(Duration.ofSeconds(5));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  private static void assertRefused(InetSocketAddress address) {
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(address, 1_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }
}
