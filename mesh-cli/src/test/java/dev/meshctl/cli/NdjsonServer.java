package dev.meshctl.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback standing in for the controller's {@code GET /api/v1/tap}: it
 * answers a status and lines, streamed one flush each, and then either ends the response or keeps
 * it open until the test ends. It records the query strings it was sent.
 */
final class NdjsonServer implements AutoCloseable {

  final BlockingQueue<String> queries = new LinkedBlockingQueue<>();
  private final HttpServer server;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile int status = 200;
  private volatile List<String> lines = List.of();
  private volatile boolean keepOpen;

  NdjsonServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/tap",
        exchange -> {
          queries.add(exchange.getRequestURI().getRawQuery());
          boolean ok = status == 200;
          exchange
              .getResponseHeaders()
              .set("Content-Type", ok ? "application/x-ndjson" : "application/json");
          exchange.sendResponseHeaders(status, 0);
          try (OutputStream body = exchange.getResponseBody()) {
            for (String line : lines) {
              body.write((line + "\n").getBytes(StandardCharsets.UTF_8));
              body.flush();
            }
            if (keepOpen) {
              closed.await(30, TimeUnit.SECONDS);
            }
          } catch (IOException | InterruptedException e) {
            // The client hung up, or the test ended.
          }
        });
    server.start();
  }

  /** Answers with these lines and ends the response. */
  NdjsonServer answer(int status, String... lines) {
    this.status = status;
    this.lines = List.of(lines);
    this.keepOpen = false;
    return this;
  }

  /** Answers 200 with these lines and keeps the stream open. */
  NdjsonServer answerAndKeepOpen(String... lines) {
    answer(200, lines);
    this.keepOpen = true;
    return this;
  }

  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
