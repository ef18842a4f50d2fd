package dev.meshctl.demo.traffic;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * Builds the traffic generator's HTTP client: HTTP/1.1 only (the JDK client would otherwise offer
 * an {@code h2c} upgrade on every first request), and, with an outbound proxy, that proxy for every
 * request, which makes the client send absolute-form request targets ({@code GET
 * http://web.demo.svc.cluster.local:8080/ HTTP/1.1}, RFC 9112 section 3.2.2) as the proxy's
 * outbound listener expects of an explicit client.
 */
final class TrafficClients {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private TrafficClients() {}

  /**
   * @param executor runs the client's completions (a couple of threads are plenty: the sending
   *     itself is asynchronous); owned by the caller, who shuts it down
   */
  static HttpClient forSettings(TrafficSettings settings, ExecutorService executor) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(
            settings
                .outbound()
                .map(proxy -> ProxySelector.of(proxy.socketAddress()))
                .orElse(HttpClient.Builder.NO_PROXY))
        .executor(executor)
        .build();
  }
}
