package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo application as {@code meshctl demo} runs it, each workload a process of {@code
 * mesh-demo.jar}, with the proxy jar in between: traffic sends absolute-form requests to its
 * proxy's outbound listener, which routes them by authority to the web proxy's inbound listener,
 * which forwards them to web; web calls books and authors over gRPC through the same proxy's
 * outbound listener with their authorities. The web proxy's metrics then count the simulated {@code
 * UNAVAILABLE} answers of {@code GetAuthor} (gRPC status in a 200 response) as failures, and the
 * book pages that they break as 500 failures. Every workload stops on SIGTERM with exit code 0.
 */
class DemoWorkloadsIT {

  private static final String WEB = "web.demo.svc.cluster.local:8080";
  private static final String BOOKS = "books.demo.svc.cluster.local:8080";
  private static final String AUTHORS = "authors.demo.svc.cluster.local:8080";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient admin =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void trafficThroughTwoProxies_reachesWeb_andGetAuthorFailuresCountAsFailures(@TempDir Path dir)
      throws Exception {
    DemoProcess books = demo("books", "--listen", "127.0.0.1:0");
    DemoProcess authors = demo("authors", "--listen", "127.0.0.1:0", "--failure-rate", "0.2");
    int booksPort = books.awaitListeningPort();
    int authorsPort = authors.awaitListeningPort();

    int webOutbound = SpringAppLaunchIT.freePort();
    DemoProcess web =
        demo(
            "web",
            "--listen",
            "127.0.0.1:0",
            "--outbound",
            "127.0.0.1:" + webOutbound,
            "--books",
            BOOKS,
            "--authors",
            AUTHORS);
    int webPort = web.awaitListeningPort();

    Path webDestinations = dir.resolve("web-destinations.yaml");
    Files.writeString(
        webDestinations,
        """
        destinations:
          - authority: %s
            endpoints: [{address: "127.0.0.1:%d"}]
          - authority: %s
            endpoints: [{address: "127.0.0.1:%d"}]
            profile:
              routes:
                - name: GetAuthor
                  condition: {method: POST, pathRegex: "/bookstore[.]Authors/GetAuthor"}
                - name: ListAuthors
                  condition: {method: POST, pathRegex: "/bookstore[.]Authors/ListAuthors"}
        """
            .formatted(BOOKS, booksPort, AUTHORS, authorsPort));
    int webInbound = SpringAppLaunchIT.freePort();
    int webAdmin = SpringAppLaunchIT.freePort();
    ProxyProcess webProxy =
        proxy(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + webOutbound,
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + webInbound,
                "MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:" + webPort,
                "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + webAdmin,
                "MESH_PROXY_DESTINATIONS_FILE", webDestinations.toString()));

    Path trafficDestinations = dir.resolve("traffic-destinations.yaml");
    Files.writeString(
        trafficDestinations,
        """
        destinations:
          - authority: %s
            endpoints: [{address: "127.0.0.1:%d"}]
        """
            .formatted(WEB, webInbound));
    int trafficOutbound = SpringAppLaunchIT.freePort();
    int trafficAdmin = SpringAppLaunchIT.freePort();
    ProxyProcess trafficProxy =
        proxy(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR",
                "127.0.0.1:" + trafficOutbound,
                "MESH_PROXY_INBOUND_LISTEN_ADDR",
                "127.0.0.1:0",
                "MESH_PROXY_ADMIN_LISTEN_ADDR",
                "127.0.0.1:" + trafficAdmin,
                "MESH_PROXY_DESTINATIONS_FILE",
                trafficDestinations.toString()));
    awaitReady(webProxy, webAdmin);
    awaitReady(trafficProxy, trafficAdmin);

    // A client in traffic's place sees the pages through both proxies.
    HttpClient meshed =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", trafficOutbound)))
            .build();
    // The first calls may outlast web's 5 s deadline on a loaded machine, every JVM still cold.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> get(meshed, "http://" + WEB + "/api/books").statusCode() == 200);
    HttpResponse<String> api = get(meshed, "http://" + WEB + "/api/books");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
    assertThat(api.body())
        .contains("\"title\":\"Moby-Dick\"")
        .contains("\"author\":\"Leo Tolstoy\"");
    HttpResponse<String> index = get(meshed, "http://" + WEB + "/");
    assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
    assertThat(index.body()).contains("War and Peace").contains("George Eliot");

    DemoProcess traffic =
        demo(
            "traffic",
            "--target",
            WEB,
            "--outbound",
            "127.0.0.1:" + trafficOutbound,
            "--rps",
            "20",
            "--report-interval",
            "2s");
    assertThat(traffic.awaitReady())
        .isEqualTo(
            "traffic sending 20.0 requests/s to http://%s via 127.0.0.1:%d"
                .formatted(WEB, trafficOutbound));

    // At 20/s, half of them book pages that fail when GetAuthor does (every 5th call).
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                String metrics = metrics(webAdmin);
                return sum(
                            metrics,
                            "response_total",
                            "direction=\"inbound\"",
                            "status_code=\"200\"")
                        >= 200
                    && sum(
                            metrics,
                            "response_total",
                            "direction=\"inbound\"",
                            "status_code=\"500\"")
                        >= 10;
              });
    } catch (Throwable e) {
      throw new AssertionError(
          "not enough traffic through the proxies; traffic:\n"
              + traffic.outputOrWhy()
              + "\nweb proxy metrics:\n"
              + metrics(webAdmin),
          e);
    }
    String metrics = metrics(webAdmin);
    String authorsOutbound = "authority=\"" + AUTHORS + "\"";
    double authorsFailures =
        sum(
            metrics,
            "response_total",
            "direction=\"outbound\"",
            authorsOutbound,
            "classification=\"failure\"");
    double authorsFailuresAs200 =
        sum(
            metrics,
            "response_total",
            "direction=\"outbound\"",
            authorsOutbound,
            "classification=\"failure\"",
            "status_code=\"200\"");
    double booksFailures =
        sum(
            metrics,
            "response_total",
            "direction=\"outbound\"",
            "authority=\"" + BOOKS + "\"",
            "classification=\"failure\"");
    double pages =
        sum(metrics, "response_total", "direction=\"inbound\"", "authority=\"" + WEB + "\"");
    double failedPages =
        sum(
            metrics,
            "response_total",
            "direction=\"inbound\"",
            "authority=\"" + WEB + "\"",
            "classification=\"failure\"",
            "status_code=\"500\"");
    System.out.printf(
        "web proxy: %.0f pages, %.0f failed (500); authors: %.0f failures (grpc-status 14 in a"
            + " 200); books: %.0f failures; route GetAuthor: %.0f of %.0f failed%n",
        pages,
        failedPages,
        authorsFailures,
        booksFailures,
        sum(
            metrics,
            "route_response_total",
            "rt_route=\"GetAuthor\"",
            "classification=\"failure\""),
        sum(metrics, "route_response_total", "rt_route=\"GetAuthor\""));

    // UNAVAILABLE comes as grpc-status in an HTTP 200: the proxy counts it as a failure.
    assertThat(authorsFailures).isGreaterThanOrEqualTo(10);
    assertThat(authorsFailuresAs200).isEqualTo(authorsFailures);
    assertThat(booksFailures).isZero();
    // Each failed GetAuthor makes one book page a 500 (give or take the requests in flight).
    assertThat(failedPages).isBetween(authorsFailures - 5, authorsFailures + 5);
    // Half the pages are book pages, a fifth of those fail: about a tenth overall.
    assertThat(failedPages / pages).isBetween(0.04, 0.2);
    // Per route: GetAuthor fails on its fifth of the calls, ListAuthors never.
    double getAuthorCalls = sum(metrics, "route_response_total", "rt_route=\"GetAuthor\"");
    double getAuthorFailures =
        sum(
            metrics,
            "route_response_total",
            "rt_route=\"GetAuthor\"",
            "classification=\"failure\"");
    assertThat(getAuthorCalls).isGreaterThan(0);
    assertThat(getAuthorFailures / getAuthorCalls).isBetween(0.15, 0.25);
    assertThat(sum(metrics, "route_response_total", "rt_route=\"ListAuthors\"")).isGreaterThan(0);
    assertThat(
            sum(
                metrics,
                "route_response_total",
                "rt_route=\"ListAuthors\"",
                "classification=\"failure\""))
        .isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> traffic.output().matches("(?s).*traffic: last 2s: \\d+ requests .* 500=.*"));

    // SIGTERM: every workload stops cleanly, with exit code 0.
    for (DemoProcess workload : List.of(traffic, web, authors, books)) {
      assertThat(workload.terminate(30))
          .as("exit code after SIGTERM; output:\n%s", workload.outputOrWhy())
          .isZero();
    }
  }

  private DemoProcess demo(String... args) throws IOException {
    DemoProcess process = DemoProcess.start(args);
    closing.add(process);
    return process;
  }

  private ProxyProcess proxy(Map<String, String> env) throws IOException {
    ProxyProcess proxy = ProxyProcess.start(env, "-Xmx64m");
    closing.add(proxy);
    return proxy;
  }

  private void awaitReady(ProxyProcess proxy, int adminPort) throws IOException {
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .failFast("the proxy exited", () -> !proxy.process.isAlive())
          .until(() -> get(admin, "http://127.0.0.1:" + adminPort + "/ready").statusCode() == 200);
    } catch (Throwable e) {
      throw new AssertionError("proxy not ready:\n" + proxy.output(), e);
    }
  }

  private String metrics(int adminPort) throws IOException, InterruptedException {
    return get(admin, "http://127.0.0.1:" + adminPort + "/metrics").body();
  }

  /** The sum of the samples of {@code metric} whose labels include every one of {@code labels}. */
  private static double sum(String metrics, String metric, String... labels) {
    double total = 0;
    for (String line : metrics.lines().toList()) {
      if (!line.startsWith(metric + "{")) {
        continue;
      }
      String labelSet = line.substring(metric.length(), line.lastIndexOf('}') + 1);
      boolean matches = true;
      for (String label : labels) {
        matches &=
            labelSet.contains("{" + label + ",")
                || labelSet.contains("," + label + ",")
                || labelSet.contains("," + label + "}")
                || labelSet.contains("{" + label + "}");
      }
      if (matches) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static HttpResponse<String> get(HttpClient client, String uri)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
