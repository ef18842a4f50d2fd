package dev.meshctl.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.meshctl.demo.bookstore.BooksGrpc;
import dev.meshctl.demo.bookstore.ListBooksRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command line as a process sees it, through {@link DemoMain#run}, with real servers. */
class DemoMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Termination termination = new Termination();

  @Test
  void help_listsTheWorkloads() {
    assertThat(run("--help")).isEqualTo(0);

    assertThat(out.toString()).contains("books", "authors", "web", "traffic");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aMissingOption_isOneLineAndExit2() {
    assertThat(run("web", "--listen", "127.0.0.1:0", "--books", "127.0.0.1:1")).isEqualTo(2);

    assertThat(err.toString().lines())
        .containsExactly(
            "error: Missing required option: '--authors=HOST:PORT'"
                + " (run 'mesh-demo web --help' for usage)");
  }

  @Test
  void badValues_areOneLineAndExit2() {
    assertThat(run("books", "--listen", "localhost")).isEqualTo(2);
    assertThat(run("authors", "--listen", "127.0.0.1:0", "--failure-rate", "1.5")).isEqualTo(2);
    assertThat(run("traffic", "--target", "https://web:443")).isEqualTo(2);
    assertThat(run("traffic", "--target", "web:80", "--rps", "0")).isEqualTo(2);
    assertThat(run("traffic", "--target", "web:80", "--report-interval", "soon")).isEqualTo(2);
    assertThat(run("nonsense")).isEqualTo(2);

    assertThat(err.toString().lines())
        .hasSize(6)
        .allMatch(line -> line.startsWith("error: ") && line.endsWith("for usage)"));
    assertThat(err.toString())
        .contains("\"localhost\" is not host:port")
        .contains("1.5 is not between 0 and 1")
        .contains("only http:// targets")
        .contains("not above 0 and at most 1000")
        .contains("\"soon\" is not a duration");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aPortInUse_isOneLineAndExit1_forGrpcAndHttpWorkloads() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      String address = "127.0.0.1:" + taken.getLocalPort();

      assertThat(run("books", "--listen", address)).isEqualTo(1);
      assertThat(run("authors", "--listen", address)).isEqualTo(1);
      assertThat(
              run("web", "--listen", address, "--books", "127.0.0.1:1", "--authors", "127.0.0.1:1"))
          .isEqualTo(1);
    }

    assertThat(err.toString().lines())
        .containsExactly(
            "error: books: cannot listen on 127.0.0.1:%s: the address is already in use"
                .formatted(portIn(err.toString())),
            "error: authors: cannot listen on 127.0.0.1:%s: the address is already in use"
                .formatted(portIn(err.toString())),
            "error: web: cannot listen on 127.0.0.1:%s: the address is already in use"
                .formatted(portIn(err.toString())));
  }

  @Test
  void books_servesUntilTerminated_thenExits0() throws Exception {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> run("books", "--listen", "127.0.0.1:0"));
    int port = readyPort("books", exit);

    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      assertThat(
              BooksGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .listBooks(ListBooksRequest.getDefaultInstance())
                  .getBooksCount())
          .isEqualTo(12);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    termination.trigger();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(0);
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port)); // the port was let go
    }
  }

  @Test
  void web_servesUntilTerminated_thenExits0() throws Exception {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "web",
                    "--listen",
                    "127.0.0.1:0",
                    "--books",
                    "127.0.0.1:1",
                    "--authors",
                    "127.0.0.1:1"));
    int port = readyPort("web", exit);

    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    termination.trigger();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(0);
  }

  @Test
  void traffic_announcesItself_andExits0WhenTerminated() throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    target.start();
    try {
      String authority = "127.0.0.1:" + target.getAddress().getPort();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () -> run("traffic", "--target", authority, "--rps", "5", "--report-interval", "1s"));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> out.toString().contains("traffic: last 1s:") || exit.isDone());
      assertThat(out.toString())
          .startsWith("ready: traffic sending 5.0 requests/s to http://" + authority + " directly");
      termination.trigger();
      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(0);
    } finally {
      target.stop(0);
    }
  }

  private int run(String... args) {
    return DemoMain.run(new PrintWriter(out, true), new PrintWriter(err, true), termination, args);
  }

  private int readyPort(String role, CompletableFuture<Integer> exit) {
    Pattern ready = Pattern.compile("ready: " + role + " listening on 127\\.0\\.0\\.1:(\\d+)");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ready.matcher(out.toString()).find() || exit.isDone());
    Matcher matcher = ready.matcher(out.toString());
    assertThat(matcher.find()).as("ready line in %s / %s", out, err).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static String portIn(String text) {
    Matcher matcher = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(text);
    return matcher.find() ? matcher.group(1) : "?";
  }
}
