package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the controller's tap stream ({@code GET /api/v1/tap}, NDJSON) line by line as it comes,
 * handing each line to the command, until the stream ends or the duration is over. Turns what can
 * go wrong into words: a controller that cannot be reached, the API's {@code {"error": ...}}
 * answers, a line that is not JSON.
 */
final class TapStream {

  /** One line of the stream: the raw text (for {@code -o json}) and its parsed form. */
  record Line(String text, JsonNode json) {
    String type() {
      return json.path("type").asText();
    }
  }

  /** What the stream said about the pods: how many were tapped and how many failed. */
  record Summary(int podsTapped, int podsFailed) {}

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Object END = new Object();

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;

  TapStream() {
    // HTTP/1.1: the stream is one long response; an h2c upgrade attempt would gain nothing.
    this(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build());
  }

  TapStream(HttpClient http) {
    this.http = http;
  }

  /**
   * Streams the tap of {@code query} from the controller at {@code api}.
   *
   * @param duration how long to watch; empty for until the stream ends
   * @throws UserFacingException when the controller cannot be reached or answers an error (a 400 is
   *     a {@link UsageException})
   */
  Summary stream(URI api, String query, Optional<Duration> duration, Consumer<Line> onLine) {
    URI uri = URI.create(api + "/api/v1/tap?" + query);
    HttpResponse<Stream<String>> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).header("Accept", "application/x-ndjson").GET().build(),
              HttpResponse.BodyHandlers.ofLines());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(api, e);
    } catch (IOException e) {
      throw new UserFacingException(
          "the controller at " + api + " did not answer the tap request: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while connecting to the controller at " + api);
    }
    try (Stream<String> body = response.body()) {
      if (response.statusCode() != 200) {
        throw apiError(api, response.statusCode(), body.collect(Collectors.joining("\n")));
      }
      return read(body, duration, onLine);
    }
  }

  private Summary read(Stream<String> body, Optional<Duration> duration, Consumer<Line> onLine) {
    BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                Iterator<String> it = body.iterator();
                while (it.hasNext()) {
                  lines.add(it.next());
                }
              } catch (UncheckedIOException e) {
                lines.add(e);
              } finally {
                lines.add(END);
              }
            },
            "meshctl-tap-reader");
    reader.setDaemon(true);
    reader.start();
    long deadline = duration.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
    int tapped = 0;
    int failed = 0;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Object next = lines.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        if (next == null) {
          continue;
        }
        if (next == END) {
          break;
        }
        if (next instanceof UncheckedIOException e) {
          throw new UserFacingException(
              "the controller's tap stream broke off: " + e.getCause().getMessage(), e);
        }
        String text = (String) next;
        if (text.isBlank()) {
          continue;
        }
        Line line = new Line(text, parse(text));
        switch (line.type()) {
          case "tapping" -> tapped = line.json().path("pods").size();
          case "error" -> failed++;
          default -> {}
        }
        onLine.accept(line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Summary(tapped, failed);
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          "the controller sent a tap line that is not JSON: "
              + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
  }

  private UserFacingException apiError(URI api, int status, String body) {
    String message;
    try {
      message = json.readTree(body).path("error").asText(null);
    } catch (JsonProcessingException e) {
      message = null;
    }
    if (message == null) {
      message =
          "the controller at " + api + " answered " + status + (body.isBlank() ? "" : ": " + body);
    }
    return status == 400 ? new UsageException(message) : new UserFacingException(message);
  }

  static UserFacingException unreachable(URI api, Exception cause) {
    return new UserFacingException(
        "cannot reach the controller at "
            + api
            + ": is the mesh running? start it with ./meshctl demo",
        cause);
  }
}
