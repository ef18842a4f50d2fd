package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.DiscoveryModel;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the metrics API's common parameters against the discovery model: the window, the namespace
 * (a DNS label discovery knows), named resources, {@code TYPE[/NAME]} specs. Throws {@link
 * InvalidQueryException} (400) or {@link UnknownResourceException} (404) saying why.
 */
final class QueryParameters {

  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  static final Duration MAX_WINDOW = Duration.ofHours(24);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final DiscoveryModel model;

  QueryParameters(DiscoveryModel model) {
    this.model = model;
  }

  /** A named workload or pod must be known; authorities and namespaces are not checked here. */
  void requireExists(ResourceSpec spec, String namespace) {
    if (spec.name().isEmpty()
        || spec.type() == ResourceType.AUTHORITY
        || spec.type() == ResourceType.NAMESPACE) {
      return;
    }
    boolean known =
        model.pods().stream()
            .filter(pod -> pod.key().namespace().equals(namespace))
            .anyMatch(pod -> PodResources.of(pod, spec.type()).filter(spec::matches).isPresent());
    if (!known) {
      throw new UnknownResourceException(
          spec.type().kind()
              + " \""
              + spec.name().get()
              + "\" not found in namespace \""
              + namespace
              + "\"");
    }
  }

  static Optional<ResourceSpec> optionalSpec(String parameter, String value) {
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(ResourceSpec.parse(parameter, value));
  }

  /** The namespace asked ({@code default} when absent), which discovery must know. */
  String requireNamespace(String namespace) {
    String ns = namespace == null || namespace.isBlank() ? "default" : namespace.trim();
    if (!DNS_LABEL.matcher(ns).matches()) {
      throw new InvalidQueryException(
          "namespace name \""
              + ns
              + "\" is not a DNS label (lower case letters, digits and '-', at most 63)");
    }
    boolean known =
        model.pods().stream().anyMatch(p -> p.key().namespace().equals(ns))
            || model.services().stream().anyMatch(s -> s.key().namespace().equals(ns));
    if (!known) {
      throw new UnknownResourceException("namespace \"" + ns + "\" not found");
    }
    return ns;
  }

  /** The window asked: 1s to 24h, 1m when absent. */
  static Duration window(String window) {
    if (window == null || window.isBlank()) {
      return DEFAULT_WINDOW;
    }
    Duration duration;
    try {
      duration = Durations.parse(window);
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException(e.getMessage());
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
      throw new InvalidQueryException(
          "window \"" + window + "\" must be between 1s and " + Durations.format(MAX_WINDOW));
    }
    return duration;
  }
}
