package dev.meshctl.bench.sut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a mesh proxy's admin {@code /metrics} (Prometheus text). */
final class AdminMetrics {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private AdminMetrics() {}

  /** The exposition served by the admin server listening on {@code admin}. */
  static String scrape(InetSocketAddress admin) throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + Ports.text(admin) + "/metrics"))
            .timeout(TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics on " + Ports.text(admin) + ": " + response.statusCode());
    }
    return response.body();
  }
}
