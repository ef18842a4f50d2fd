package dev.meshctl.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback standing in for the controller's REST API: it answers the
 * documented JSON for the paths and query parameters it was told, {@code 404 {"error": ...}} for
 * the rest, and can stream a tap as NDJSON until the client hangs up.
 */
public final class FakeController implements AutoCloseable {

  private record Answer(String path, Map<String, String> params, int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> tapQueries = new CopyOnWriteArrayList<>();
  private final CountDownLatch tapHungUp = new CountDownLatch(1);
  private volatile List<String> tapLines = List.of();
  private volatile String repeatedTapLine;

  public FakeController() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers {@code GET path} with exactly these query parameters. */
  public FakeController answer(String path, Map<String, String> params, int status, String body) {
    answers.add(0, new Answer(path, new TreeMap<>(params), status, body));
    return this;
  }

  public FakeController answer(String path, String body) {
    return answer(path, Map.of(), 200, body);
  }

  /**
   * The tap answers these lines, then repeats {@code repeated} every 50 ms until the client hangs
   * up (a write fails), which {@link #tapHungUp()} then reports. A null {@code repeated} ends the
   * stream after the lines.
   */
  public void tap(List<String> lines, String repeated) {
    this.tapLines = List.copyOf(lines);
    this.repeatedTapLine = repeated;
  }

  public CountDownLatch tapHungUp() {
    return tapHungUp;
  }

  public List<Map<String, String>> tapQueries() {
    return tapQueries;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
      if (path.equals("/api/v1/tap") && !tapLines.isEmpty()) {
        tapQueries.add(params);
        streamTap(exchange);
        return;
      }
      for (Answer answer : answers) {
        if (answer.path().equals(path) && answer.params().equals(params)) {
          send(exchange, answer.status(), answer.body());
          return;
        }
      }
      send(exchange, 404, "{\"error\":\"fake controller has no answer for " + path + "\"}");
    }
  }

  private void streamTap(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      for (String line : tapLines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      String repeated = repeatedTapLine;
      while (repeated != null) {
        Thread.sleep(50);
        out.write((repeated + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException hungUp) {
      tapHungUp.countDown();
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new TreeMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  @Override
  public void close() {
    repeatedTapLine = null;
    server.stop(0);
    executor.shutdownNow();
  }
}
