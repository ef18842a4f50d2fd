package dev.meshctl.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the controller's port closed, every page says so in a sentence and shows no metric table
 * (rather than empty or zero numbers).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableControllerTest {

  private static final int CLOSED_PORT = closedPort();

  @DynamicPropertySource
  static void controller(DynamicPropertyRegistry registry) {
    registry.add("mesh.web.controller-api", () -> "http://127.0.0.1:" + CLOSED_PORT);
    registry.add("mesh.web.controller-admin", () -> "http://127.0.0.1:" + CLOSED_PORT);
    registry.add("management.server.port", () -> "0");
  }

  @LocalServerPort int port;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/namespaces/demo",
        "/namespaces/demo/deployment/web",
        "/namespaces/demo/topology",
        "/namespaces/demo/tap"
      })
  void everyPage_saysTheControllerIsUnreachable_andShowsNoTable(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    Document page = Jsoup.parse(response.body());

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(page.selectFirst("main#content #controller-unreachable").text())
        .contains("The controller cannot be reached")
        .contains("127.0.0.1:" + CLOSED_PORT);
    assertThat(page.select("main#content table")).isEmpty();
    assertThat(page.select("svg#topology, form#tap-form")).isEmpty();
  }

  /** A loopback port nothing listens on: bound once to learn a free number, then released. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
