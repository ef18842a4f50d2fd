package dev.meshctl.web.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.web.FakeController;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tap relay end to end: a real HTTP server streams the controller's NDJSON, the app relays it
 * as server-sent events to a real HTTP client; hanging up ends the upstream tap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TapStreamTest {

  private static final String HOSTILE_PATH = "/books/<script>alert(1)</script>";
  private static final FakeController CONTROLLER = start();

  static {
    CONTROLLER.tap(
        List.of(
            "{\"type\":\"tapping\",\"pods\":[\"web-1\"]}",
            "{\"type\":\"request\",\"id\":\"web-1:3\",\"pod\":\"web-1\",\"direction\":\"outbound\","
                + "\"tls\":true,\"method\":\"GET\",\"authority\":\"books.demo.svc.cluster.local:8080\","
                + "\"path\":\"/books/<script>alert(1)</script>\",\"at\":\"2027-01-15T08:00:00.123Z\"}",
            "{\"type\":\"response\",\"id\":\"web-1:3\",\"status\":200,\"latencyMs\":1.234}",
            "{\"type\":\"error\",\"pod\":\"books-1\",\"message\":\"cannot reach the tap server\"}"),
        "{\"type\":\"end\",\"id\":\"web-1:3\",\"durationMs\":1.5}");
  }

  @DynamicPropertySource
  static void controller(DynamicPropertyRegistry registry) {
    registry.add("mesh.web.controller-api", () -> CONTROLLER.uri().toString());
    registry.add("management.server.port", () -> "0");
  }

  @AfterAll
  static void stop() {
    CONTROLLER.close();
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void relaysEachLineAsANamedEvent_andHangingUpEndsTheUpstreamTap() throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/namespaces/demo/tap/events?resource=deploy/web&method=GET"
                            + "&path=/books"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));

    InputStream body = response.body();
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    List<String[]> events = new ArrayList<>();
    while (events.size() < 5) {
      events.add(readEvent(reader));
    }

    assertThat(events.stream().map(e -> e[0]))
        .containsExactly("tapping", "request", "response", "tap-error", "end");
    JsonNode request = json.readTree(events.get(1)[1]);
    assertThat(request.path("path").asString()).isEqualTo(HOSTILE_PATH);
    assertThat(request.path("tls").asBoolean()).isTrue();
    assertThat(json.readTree(events.get(2)[1]).path("status").asInt()).isEqualTo(200);
    assertThat(json.readTree(events.get(3)[1]).path("message").asString())
        .isEqualTo("cannot reach the tap server");
    assertThat(CONTROLLER.tapQueries())
        .first()
        .isEqualTo(
            Map.of(
                "resource", "deploy/web", "namespace", "demo", "method", "GET", "path", "/books"));

    body.close();

    assertThat(CONTROLLER.tapHungUp().await(30, TimeUnit.SECONDS))
        .as("the controller's tap connection is closed once the browser hangs up")
        .isTrue();
  }

  @Test
  void missingResource_isOneFailedEventSayingSo() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/namespaces/demo/tap/events"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).contains("event:failed").contains("resource is required");
  }

  /** Reads one server-sent event: its name and its data. */
  private static String[] readEvent(BufferedReader reader) throws IOException {
    String name = "message";
    StringBuilder data = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          return new String[] {name, data.toString()};
        }
        continue;
      }
      if (line.startsWith("event:")) {
        name = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring("data:".length()).strip());
      }
    }
    throw new IOException("the event stream ended");
  }

  private static FakeController start() {
    try {
      return new FakeController();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
