package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ControllerApiClientTest {

  @Test
  void version_readsTheVersionField() throws Exception {
    try (FakeController controller = FakeController.start()) {
      controller.answer("/api/v1/version", 200, "{\"version\": \"0.1.0-SNAPSHOT\"}");

      assertThat(ControllerApiClient.create(URI.create(controller.url())).version())
          .isEqualTo("0.1.0-SNAPSHOT");
    }
  }

  @Test
  void queryValues_areEncoded_andNullsLeftOut() throws Exception {
    try (FakeController controller = FakeController.start()) {
      controller.answer("/api/v1/stat", 200, "{\"rows\": []}");
      var query = new java.util.HashMap<String, String>();
      query.put("resource", "authority/books.demo.svc.cluster.local:8080");
      query.put("to", null);
      query.put("path", "/a b&c=d");

      ControllerApiClient.create(URI.create(controller.url())).get("/api/v1/stat", query);

      assertThat(controller.lastQuery("/api/v1/stat"))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "resource", "authority/books.demo.svc.cluster.local:8080", "path", "/a b&c=d"));
    }
  }

  @Test
  void aControllerThatDoesNotAnswerInTime_isNamed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer stuck =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stuck.createContext(
        "/",
        exchange -> {
          try (exchange) {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    stuck.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + stuck.getAddress().getPort());
      ControllerApiClient client = ControllerApiClient.create(base, Duration.ofMillis(500));

      assertThatThrownBy(() -> client.get("/api/v1/stat", Map.of()))
          .isInstanceOf(UserFacingException.class)
          .isNotInstanceOf(UsageException.class)
          .hasMessage("the controller at " + base + " did not answer /api/v1/stat within 500ms");
    } finally {
      release.countDown();
      stuck.stop(0);
    }
  }
}
