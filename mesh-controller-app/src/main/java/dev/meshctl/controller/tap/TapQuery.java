package dev.meshctl.controller.tap;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client asked to tap, validated: {@code GET /api/v1/tap?resource=deploy/web&namespace=demo
 * [&to=deploy/books][&method=GET][&path=/prefix][&authority=a][&maxRps=100][&limit=1000]}.
 *
 * @param namespace where {@code resource} and {@code to} are looked up ({@code default} when not
 *     given)
 * @param maxRps requests per second the tap passes at most, already capped by the controller's
 *     {@code mesh.tap.max-rps}
 * @param limit requests after which the tap ends; 0 for no limit
 */
record TapQuery(
    ResourceRef resource,
    String namespace,
    Optional<ResourceRef> to,
    Optional<String> method,
    Optional<String> pathPrefix,
    Optional<String> authority,
    double maxRps,
    int limit) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** An HTTP method is a token (RFC 9110 section 9.1); letters are what methods use. */
  private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,20}");

  /**
   * Reads and checks the query parameters.
   *
   * @param maxRpsCap the most requests per second any tap may pass; also the default
   * @throws TapRequestException (400) naming the parameter and what is wrong with it
   */
  static TapQuery parse(Map<String, String> parameters, double maxRpsCap) {
    ResourceRef resource = ResourceRef.parse("resource", parameters.get("resource"));
    String namespace = optional(parameters, "namespace").orElse("default");
    if (resource.type() == ResourceType.NAMESPACE && resource.name().isPresent()) {
      namespace = resource.name().get();
    }
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw TapRequestException.badRequest(
          "namespace: \""
              + namespace
              + "\" is not a DNS label (lower case letters, digits and '-', at most 63)");
    }
    Optional<ResourceRef> to = optional(parameters, "to").map(v -> ResourceRef.parse("to", v));
    if (to.isPresent() && to.get().type() == ResourceType.NAMESPACE) {
      throw TapRequestException.badRequest(
          "to: a namespace is not a destination; name a workload, a pod or an authority");
    }
    Optional<String> method = optional(parameters, "method");
    if (method.isPresent() && !METHOD.matcher(method.get()).matches()) {
      throw TapRequestException.badRequest(
          "method: \"" + method.get() + "\" is not an HTTP method (GET, POST...)");
    }
    Optional<String> path = optional(parameters, "path");
    if (path.isPresent() && !path.get().startsWith("/")) {
      throw TapRequestException.badRequest(
          "path: \"" + path.get() + "\" is not a path prefix (it must start with /)");
    }
    double maxRps = maxRpsCap;
    Optional<String> maxRpsText = optional(parameters, "maxRps");
    if (maxRpsText.isPresent()) {
      double asked = number("maxRps", maxRpsText.get());
      if (!(asked > 0)) {
        throw TapRequestException.badRequest(
            "maxRps: " + maxRpsText.get() + " is not a positive number of requests per second");
      }
      maxRps = Math.min(asked, maxRpsCap);
    }
    int limit = 0;
    Optional<String> limitText = optional(parameters, "limit");
    if (limitText.isPresent()) {
      try {
        limit = Integer.parseInt(limitText.get());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 0) {
        throw TapRequestException.badRequest(
            "limit: \"" + limitText.get() + "\" is not a number of requests (0 for no limit)");
      }
    }
    return new TapQuery(
        resource,
        namespace,
        to,
        method.map(m -> m.toUpperCase(Locale.ROOT)),
        path,
        optional(parameters, "authority"),
        maxRps,
        limit);
  }

  private static Optional<String> optional(Map<String, String> parameters, String name) {
    String value = parameters.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static double number(String parameter, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw TapRequestException.badRequest(
          parameter + ": \"" + text + "\" is not a number of requests per second");
    }
  }
}
