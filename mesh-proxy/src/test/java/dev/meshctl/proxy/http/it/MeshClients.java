package dev.meshctl.proxy.http.it;

import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the tests talk to the proxy as an application would: the JDK client configured with the proxy
 * as its HTTP proxy (so it sends absolute-form requests for the service's authority), and curl
 * connecting to a listener while addressing the service's authority (HTTP/1.1 or HTTP/2 with prior
 * knowledge).
 */
final class MeshClients {

  /** The authority the tests' service is addressed by. */
  static final String AUTHORITY = "web.test:8080";

  private MeshClients() {}

  /** An HTTP/1.1 JDK client that sends every request through {@code proxy}. */
  static HttpClient jdkVia(InetSocketAddress proxy) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(proxy))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static URI uri(String pathAndQuery) {
    return URI.create("http://" + AUTHORITY + pathAndQuery);
  }

  static HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  /** A response body streamed through a digest, never held whole. */
  record Digested(int status, HttpResponse<?> response, long bytes, String sha256) {}

  static Digested sendDigesting(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest digest = Payload.newDigest();
    long total = 0;
    try (InputStream body = response.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = body.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
        total += n;
      }
    }
    return new Digested(response.statusCode(), response, total, Payload.hex(digest));
  }

  /**
   * curl arguments that connect to {@code listener} but address {@link #AUTHORITY}.
   *
   * @param http2 HTTP/2 with prior knowledge (h2c), else HTTP/1.1
   */
  static List<String> curl(InetSocketAddress listener, boolean http2, String pathAndQuery) {
    List<String> args = new ArrayList<>();
    args.add("--connect-to");
    args.add(AUTHORITY + ":" + listener.getAddress().getHostAddress() + ":" + listener.getPort());
    args.add(http2 ? "--http2-prior-knowledge" : "--http1.1");
    args.add("http://" + AUTHORITY + pathAndQuery);
    return args;
  }

  /**
   * Sends a GET for each path over HTTP/2, one curl run (and connection) each: curl 7.88 fails any
   * request it makes on a reused prior-knowledge connection (curl issue 10634, fixed in 8.0).
   * Returns each response's status and {@code x-backend}, e.g. {@code "200 web-1"}.
   */
  static List<String> http2Each(InetSocketAddress listener, List<String> paths) {
    List<String> results = new ArrayList<>();
    for (String path : paths) {
      Curl.Result result = Curl.run(null, curl(listener, true, path));
      if (result.exitCode() != 0) {
        throw new AssertionError("curl failed for " + path + ": " + result.stderr());
      }
      results.add(result.status() + " " + result.header("x-backend"));
    }
    return results;
  }

  static List<String> plus(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }
}
