package dev.meshctl.controller.tap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client reading the tap stream line by line as it comes (JDK {@link HttpClient}); a
 * reader thread hands the lines over so that the test waits with a deadline and can hang up.
 */
final class NdjsonStream implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNode END = JSON.createObjectNode().put("type", "<end of stream>");

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  private NdjsonStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "tap-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static NdjsonStream open(HttpClient client, URI uri) throws IOException, InterruptedException {
    return new NdjsonStream(
        client.send(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  HttpResponse<InputStream> response() {
    return response;
  }

  private void read() {
    try (BufferedReader body =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = body.readLine()) != null) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      // Hung up by close(), or the server closed the connection: the stream ends either way.
    }
    lines.add(END);
  }

  /** The next line, or empty at the end of the stream; fails after the deadline. */
  Optional<JsonNode> next(Duration deadline) throws InterruptedException {
    JsonNode line = lines.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no line from the tap stream within " + deadline);
    }
    if (line == END) {
      lines.add(END);
      return Optional.empty();
    }
    return Optional.of(line);
  }

  /** Every line until the stream ends, which it must within the deadline. */
  List<JsonNode> untilEnd(Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    List<JsonNode> all = new ArrayList<>();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(1, end - System.nanoTime()));
      Optional<JsonNode> line = next(left);
      if (line.isEmpty()) {
        return all;
      }
      all.add(line.get());
    }
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
