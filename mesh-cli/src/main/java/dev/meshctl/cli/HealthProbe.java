package dev.meshctl.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks one URL whether it is healthy, as {@code meshctl check} does of readiness endpoints, proxies
 * and the dashboard: healthy means a 2xx answer (redirects followed) within the timeout.
 */
final class HealthProbe {

  private final HttpClient http;
  private final Duration timeout;

  HealthProbe(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  static HealthProbe create(Duration timeout) {
    return new HealthProbe(
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        timeout);
  }

  /** Empty when {@code url} answers 2xx; else why it is not healthy, in words. */
  Optional<String> problem(String url) {
    URI uri;
    try {
      uri = URI.create(url);
      if (uri.getHost() == null) {
        return Optional.of(url + " is not an http://HOST:PORT URL");
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(url + " is not a URL");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return Optional.empty();
      }
      return Optional.of("GET " + url + " answered " + status + abbreviate(response.body()));
    } catch (HttpConnectTimeoutException e) {
      return Optional.of("GET " + url + ": no connection within " + timeout.toSeconds() + "s");
    } catch (HttpTimeoutException e) {
      return Optional.of("GET " + url + ": no answer within " + timeout.toSeconds() + "s");
    } catch (ConnectException e) {
      return Optional.of("GET " + url + ": connection refused");
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        return Optional.of("GET " + url + ": connection refused");
      }
      return Optional.of(
          "GET "
              + url
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("GET " + url + ": interrupted");
    }
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    if (oneLine.isEmpty()) {
      return "";
    }
    return " " + (oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine);
  }
}
