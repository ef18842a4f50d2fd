package dev.meshctl.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code meshctl tap} and {@code meshctl top} watch: the resource and the filters, as the
 * query of the controller's {@code GET /api/v1/tap}. The resource type is checked here so that a
 * typo is a usage error before anything is sent.
 */
final class TapFilterOptions {

  /** The resource types the REST API knows: long, plural and short names. */
  static final Set<String> RESOURCE_TYPES =
      Set.of(
          "namespace",
          "namespaces",
          "ns",
          "deployment",
          "deployments",
          "deploy",
          "statefulset",
          "statefulsets",
          "sts",
          "daemonset",
          "daemonsets",
          "ds",
          "pod",
          "pods",
          "po",
          "authority",
          "authorities",
          "au");

  private static final String ACCEPTED =
      "namespace|ns, deployment|deploy, statefulset|sts, daemonset|ds, pod|po, authority|au";

  @Parameters(
      index = "0",
      paramLabel = "RESOURCE",
      description =
          "What to tap: TYPE[/NAME], e.g. deploy/web, deploy (every deployment), ns/demo,"
              + " po/web-5f7c9-abcde. Types: "
              + ACCEPTED
              + ".")
  String resource;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace of the resource (default: ${DEFAULT-VALUE}).",
      defaultValue = "default")
  String namespace;

  @Option(
      names = "--to",
      paramLabel = "RESOURCE",
      description = "Only requests toward this resource (TYPE/NAME in the same namespace).")
  String to;

  @Option(names = "--method", paramLabel = "M", description = "Only requests with this method.")
  String method;

  @Option(names = "--path", paramLabel = "P", description = "Only requests whose path starts so.")
  String path;

  @Option(
      names = "--authority",
      paramLabel = "A",
      description = "Only requests with this authority (host:port).")
  String authority;

  @Option(
      names = "--max-rps",
      paramLabel = "N",
      description = "Requests per second to show at most (the controller caps it; default 100).")
  Double maxRps;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Stop after this many requests (default: no limit).")
  Integer limit;

  /**
   * The query string of {@code GET /api/v1/tap}, encoded.
   *
   * @throws UsageException for an unknown resource type or a value out of range
   */
  String query() {
    checkResource("RESOURCE", resource);
    if (to != null) {
      checkResource("--to", to);
    }
    if (maxRps != null && !(maxRps > 0)) {
      throw new UsageException("--max-rps: " + maxRps + " is not a positive number");
    }
    if (limit != null && limit < 1) {
      throw new UsageException("--limit: " + limit + " is not a positive number of requests");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("resource", resource);
    parameters.put("namespace", namespace);
    put(parameters, "to", to);
    put(parameters, "method", method);
    put(parameters, "path", path);
    put(parameters, "authority", authority);
    put(parameters, "maxRps", maxRps == null ? null : maxRps.toString());
    put(parameters, "limit", limit == null ? null : limit.toString());
    return parameters.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static void put(Map<String, String> parameters, String name, String value) {
    if (value != null && !value.isBlank()) {
      parameters.put(name, value);
    }
  }

  private static void checkResource(String what, String value) {
    int slash = value.indexOf('/');
    String type = slash < 0 ? value : value.substring(0, slash);
    if (!RESOURCE_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
      throw new UsageException(
          what
              + ": unknown resource type \""
              + type
              + "\" in \""
              + value
              + "\" (expected "
              + ACCEPTED
              + ")");
    }
  }
}
