package dev.meshctl.proxy.init;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AwaitReady against a real HTTP server on loopback (the JDK's). */
class AwaitReadyTest {

  private static final Duration POLL = Duration.ofMillis(20);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void readyAtOnce_exits0() throws IOException {
    int port = serve(0);

    int code = run("--port", String.valueOf(port), "--timeout", "10s");

    assertThat(code).isEqualTo(AwaitReady.EXIT_READY);
    assertThat(requests).hasValue(1);
    assertThat(stdout()).startsWith("AwaitReady: the proxy is ready (http://127.0.0.1:" + port);
    assertThat(stderr()).isEmpty();
  }

  @Test
  void notReadyAtFirst_keepsPolling_untilTheProxyAnswers200() throws IOException {
    int port = serve(3);

    int code = run("--port=" + port, "--timeout=10s");

    assertThat(code).isEqualTo(AwaitReady.EXIT_READY);
    assertThat(requests).hasValue(4);
  }

  @Test
  void neverReady_exits1_withTheLastAnswer() throws IOException {
    int port = serve(Integer.MAX_VALUE);

    long start = System.nanoTime();
    int code = run("--port", String.valueOf(port), "--timeout", "300ms");

    assertThat(code).isEqualTo(AwaitReady.EXIT_NOT_READY);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(requests.get()).isGreaterThan(1);
    assertThat(stderr())
        .isEqualTo(
            "AwaitReady: the proxy was not ready within 300ms: http://127.0.0.1:"
                + port
                + "/ready the last answer was 503\n");
  }

  @Test
  void nothingListening_exits1_sayingItCouldNotConnect() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    int code = run("--port", String.valueOf(port), "--timeout", "200ms");

    assertThat(code).isEqualTo(AwaitReady.EXIT_NOT_READY);
    assertThat(stderr()).contains("the last attempt could not connect (Connection refused)");
  }

  @Test
  void badTimeout_isOneLine_exit2() {
    int code = run("--timeout", "forever");

    assertThat(code).isEqualTo(AwaitReady.EXIT_USAGE);
    assertThat(stderr())
        .isEqualTo(
            "AwaitReady: --timeout forever: expected a positive duration such as 500ms, 30s or 2m"
                + " (see --help)\n");
  }

  @Test
  void help_explainsEveryOption() {
    int code = run("--help");

    assertThat(code).isEqualTo(AwaitReady.EXIT_READY);
    assertThat(stdout()).contains("--port PORT", "--timeout DURATION", "--help");
  }

  /** A server whose {@code /ready} answers 503 {@code notReadyTimes} times, then 200. */
  private int serve(int notReadyTimes) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/ready",
        exchange -> {
          int n = requests.incrementAndGet();
          exchange.sendResponseHeaders(n > notReadyTimes ? 200 : 503, -1);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  private int run(String... args) {
    return AwaitReady.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        List.of(args),
        POLL);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
