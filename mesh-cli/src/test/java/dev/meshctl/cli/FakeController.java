package dev.meshctl.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that answers given paths with given status codes and bodies, and
 * records the requests it received: the controller's REST API (or an actuator, a proxy's admin
 * server, the dashboard) as the commands under test see it. Unknown paths get a bare 404.
 */
final class FakeController implements AutoCloseable {

  private record Answer(int status, String contentType, String body) {}

  private final Map<String, Function<Map<String, String>, String>> byQuery =
      new ConcurrentHashMap<>();

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<URI> requests = new CopyOnWriteArrayList<>();

  private FakeController(HttpServer server) {
    this.server = server;
  }

  static FakeController start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeController fake = new FakeController(server);
    server.createContext("/", fake::handle);
    server.start();
    return fake;
  }

  /** Answers GET {@code path} with {@code status} and a JSON body. */
  FakeController answer(String path, int status, String json) {
    answers.put(path, new Answer(status, "application/json", json));
    return this;
  }

  /** Answers GET {@code path} with {@code status} and a body of the given content type. */
  FakeController answer(String path, int status, String contentType, String body) {
    answers.put(path, new Answer(status, contentType, body));
    return this;
  }

  /** Answers GET {@code path} with 200 and the JSON {@code body} makes of the query parameters. */
  FakeController answerByQuery(String path, Function<Map<String, String>, String> body) {
    byQuery.put(path, body);
    return this;
  }

  /** {@code http://127.0.0.1:PORT}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<URI> requests() {
    return List.copyOf(requests);
  }

  /** The decoded query parameters of the last request to {@code path}. */
  Map<String, String> lastQuery(String path) {
    URI last =
        requests.stream()
            .filter(uri -> uri.getPath().equals(path))
            .reduce((first, second) -> second)
            .orElseThrow(() -> new AssertionError("no request to " + path + ": " + requests));
    return query(last);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  /** An address nothing listens on: a port that was free a moment ago. */
  static String deadAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(exchange.getRequestURI());
      String path = exchange.getRequestURI().getPath();
      Answer answer = answers.get(path);
      if (byQuery.containsKey(path)) {
        answer =
            new Answer(
                200, "application/json", byQuery.get(path).apply(query(exchange.getRequestURI())));
      }
      if (answer == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
