package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CLI's client of the controller's REST API ({@code /api/v1/...} on port 8085): one GET, one
 * JSON document back, and every way that can go wrong turned into a {@link UserFacingException}
 * whose message says what to do. Commands build their query and read the document's fields.
 */
final class ControllerApiClient {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private final URI base;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration requestTimeout;

  ControllerApiClient(URI base, HttpClient http, ObjectMapper json, Duration requestTimeout) {
    this.base = base;
    this.http = http;
    this.json = json;
    this.requestTimeout = requestTimeout;
  }

  /** A client of the API at {@code base} ({@code http://HOST:PORT}, no trailing slash). */
  static ControllerApiClient create(URI base) {
    return create(base, REQUEST_TIMEOUT);
  }

  static ControllerApiClient create(URI base, Duration requestTimeout) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new ControllerApiClient(base, http, mapper(), requestTimeout);
  }

  /** The mapper the CLI reads API documents with: tolerant of fields added later. */
  static ObjectMapper mapper() {
    return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  URI base() {
    return base;
  }

  ObjectMapper json() {
    return json;
  }

  /** The control plane's version, from {@code /api/v1/version}. */
  String version() {
    JsonNode answer = get("/api/v1/version", Map.of());
    JsonNode version = answer.get("version");
    if (version == null || !version.isTextual()) {
      throw new UserFacingException(
          "the controller at " + base + " answered /api/v1/version without a version: " + answer);
    }
    return version.asText();
  }

  /**
   * GETs {@code path} with the given query parameters (nulls left out) and returns the JSON
   * document of a 2xx answer.
   *
   * @throws UsageException when the controller refuses the request as bad (HTTP 400), with its
   *     error text
   * @throws UserFacingException when the controller cannot be reached, does not answer in time,
   *     answers another error (its error text), or answers something that is not JSON
   */
  JsonNode get(String path, Map<String, String> query) {
    URI uri = URI.create(base + path + queryString(query));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw unreachable(e);
    } catch (HttpTimeoutException e) {
      throw new UserFacingException(
          "the controller at "
              + base
              + " did not answer "
              + path
              + " within "
              + (requestTimeout.toMillis() % 1000 == 0
                  ? requestTimeout.toSeconds() + "s"
                  : requestTimeout.toMillis() + "ms"),
          e);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException
          || e.getCause() instanceof UnresolvedAddressException) {
        throw unreachable(e);
      }
      throw new UserFacingException(
          "cannot talk to the controller at " + base + ": " + describe(e), e);
    } catch (UnresolvedAddressException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while waiting for the controller at " + base, e);
    }
    return read(path, response);
  }

  private JsonNode read(String path, HttpResponse<String> response) {
    int status = response.statusCode();
    String errorText = errorText(response.body());
    if (status == 400) {
      throw new UsageException(
          errorText != null ? errorText : "the controller refused the request " + path + " (400)");
    }
    if (status == 404 && errorText == null) {
      throw new UserFacingException(
          "the controller at "
              + base
              + " does not serve "
              + path
              + " (404): is it older than this meshctl?");
    }
    if (status >= 400 && status < 500) {
      throw new UserFacingException(errorText != null ? errorText : "HTTP " + status);
    }
    if (status >= 500) {
      throw new UserFacingException(
          "the controller at "
              + base
              + " could not answer "
              + path
              + " ("
              + status
              + "): "
              + (errorText != null ? errorText : abbreviate(response.body())));
    }
    if (status < 200 || status >= 300) {
      throw new UserFacingException(
          "the controller at " + base + " answered " + path + " with HTTP " + status);
    }
    try {
      return json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          "the controller at "
              + base
              + " answered "
              + path
              + " with something that is not JSON: "
              + abbreviate(response.body()),
          e);
    }
  }

  /** The {@code error} field of the API's {@code {"error": "..."}} answers, or null. */
  private String errorText(String body) {
    try {
      JsonNode error = json.readTree(body).get("error");
      return error != null && error.isTextual() && !error.asText().isBlank()
          ? error.asText()
          : null;
    } catch (JsonProcessingException | RuntimeException notJson) {
      return null;
    }
  }

  private UserFacingException unreachable(Exception cause) {
    return new UserFacingException(
        "cannot reach the controller at "
            + base
            + ": is the mesh running? start it with ./meshctl demo",
        cause);
  }

  private static String queryString(Map<String, String> query) {
    String joined =
        query.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .sorted(Map.Entry.comparingByKey())
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return joined.isEmpty() ? "" : "?" + joined;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
