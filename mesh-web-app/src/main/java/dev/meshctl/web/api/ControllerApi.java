package dev.meshctl.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's client of the controller's REST API ({@code /api/v1/...}): the one place that
 * knows its paths, parameters and JSON. Plain Java over the JDK {@link HttpClient}, asynchronous so
 * that a page can ask several questions at once without blocking the web server's threads.
 *
 * <p>Failures arrive as {@link ControllerUnreachableException} (no answer, or a 5xx) or {@link
 * ControllerErrorException} (the controller's own 4xx {@code {"error": ...}}).
 */
public final class ControllerApi {

  private static final TypeReference<List<Namespace>> NAMESPACES = new TypeReference<>() {};
  private static final TypeReference<List<Workload>> WORKLOADS = new TypeReference<>() {};
  private static final TypeReference<MetricsAnswer<StatRow>> STAT = new TypeReference<>() {};
  private static final TypeReference<MetricsAnswer<RouteRow>> ROUTES = new TypeReference<>() {};
  private static final TypeReference<MetricsAnswer<EdgeRow>> EDGES = new TypeReference<>() {};

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final JsonMapper json;

  /**
   * @param base the controller's REST API, e.g. {@code http://127.0.0.1:8085}
   * @param timeout how long one JSON answer may take (not applied to the tap stream)
   */
  public ControllerApi(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.json =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  /** The controller's base URL, for messages. */
  public URI base() {
    return base;
  }

  /** The controller's version ({@code GET /api/v1/version}); also tells that it answers. */
  public CompletableFuture<String> version() {
    return get("/api/v1/version", Map.of(), new TypeReference<Map<String, String>>() {})
        .thenApply(answer -> answer.getOrDefault("version", "unknown"));
  }

  public CompletableFuture<List<Namespace>> namespaces() {
    return get("/api/v1/namespaces", Map.of(), NAMESPACES);
  }

  public CompletableFuture<List<Workload>> workloads(String namespace) {
    return get("/api/v1/namespaces/" + segment(namespace) + "/workloads", Map.of(), WORKLOADS);
  }

  /**
   * Golden metrics per resource of {@code resource} ({@code deployment}, {@code deployment/web},
   * {@code namespace}); {@code from} (nullable) switches to the outbound traffic of that resource
   * toward each row.
   */
  public CompletableFuture<MetricsAnswer<StatRow>> stat(
      String namespace, String resource, String from) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("resource", resource);
    query.put("namespace", namespace);
    if (from != null) {
      query.put("from", from);
    }
    return get("/api/v1/stat", query, STAT);
  }

  public CompletableFuture<MetricsAnswer<RouteRow>> routes(String namespace, String resource) {
    return get("/api/v1/routes", Map.of("resource", resource, "namespace", namespace), ROUTES);
  }

  public CompletableFuture<MetricsAnswer<EdgeRow>> edges(String namespace, String resource) {
    return get("/api/v1/edges", Map.of("resource", resource, "namespace", namespace), EDGES);
  }

  /**
   * Opens the controller's NDJSON tap stream. The future completes once the controller accepted the
   * tap (HTTP 200); closing the returned stream hangs up, which ends the tap upstream.
   */
  public CompletableFuture<InputStream> tap(TapQuery query) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("resource", query.resource());
    params.put("namespace", query.namespace());
    if (query.method() != null) {
      params.put("method", query.method());
    }
    if (query.path() != null) {
      params.put("path", query.path());
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v1/tap", params))
            .header("Accept", "application/x-ndjson")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw unreachable(failure);
              }
              if (response.statusCode() == 200) {
                return response.body();
              }
              String body = readAndClose(response.body());
              throw failed(response.statusCode(), body);
            });
  }

  private <T> CompletableFuture<T> get(
      String path, Map<String, String> query, TypeReference<T> type) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path, query))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw unreachable(failure);
              }
              if (response.statusCode() != 200) {
                throw failed(response.statusCode(), response.body());
              }
              try {
                return json.readValue(response.body(), type);
              } catch (JacksonException e) {
                throw new ControllerUnreachableException(
                    "the controller at "
                        + base
                        + " answered "
                        + path
                        + " with JSON this dashboard"
                        + " cannot read: "
                        + e.getOriginalMessage(),
                    e);
              }
            });
  }

  private URI uri(String path, Map<String, String> query) {
    String params =
        query.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    String root = base.toString().replaceAll("/+$", "");
    return URI.create(root + path + (params.isEmpty() ? "" : "?" + params));
  }

  private ControllerUnreachableException unreachable(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String reason =
        cause.getMessage() == null
            ? cause.getClass().getSimpleName()
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new ControllerUnreachableException(
        "the controller at " + base + " cannot be reached (" + reason + ")", cause);
  }

  private RuntimeException failed(int status, String body) {
    String message = errorText(body);
    if (status >= 500) {
      return new ControllerUnreachableException(
          "the controller at "
              + base
              + " answered HTTP "
              + status
              + (message.isEmpty() ? "" : ": " + message),
          null);
    }
    return new ControllerErrorException(
        status, message.isEmpty() ? "the controller answered HTTP " + status : message);
  }

  /** The {@code error} text of the controller's {@code {"error": "..."}} body, else the body. */
  private String errorText(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = json.readTree(body);
      JsonNode error = node.path("error");
      if (error.isString()) {
        return error.asString();
      }
    } catch (JacksonException notJson) {
      // Not the documented error shape: show the start of what came, it is still the reason.
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body.strip();
  }

  private static String readAndClose(InputStream in) {
    try (in) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
