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
import java.util.function.IntPredicate;

/**
 * Asks one URL whether it is healthy, as {@code meshctl check} does of readiness endpoints, proxies
 * and the dashboard: healthy means a 2xx answer (redirects followed) within the timeout, or, for a
 * server that only has to be up, any answer but a server error.
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
    return probe(url, status -> status >= 200 && status < 300);
  }

  /**
   * Empty when {@code url} answers with anything but a server error (a 404 too): for a server whose
   * being up is the question, not one page; else why it does not answer, in words.
   */
  Optional<String> unanswered(String url) {
    return probe(url, status -> status < 500);
  }

  private Optional<String> probe(String url, IntPredicate acceptable) {
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
      if (acceptable.test(status)) {
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
