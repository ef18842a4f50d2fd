package dev.meshctl.controller;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where discovery reads its objects, under {@code mesh.discovery} (environment variables {@code
 * MESH_DISCOVERY_*}).
 *
 * @param source {@code local} (a registry folder) or {@code kubernetes} (informers)
 * @param local the local source's settings
 * @param kubernetes the Kubernetes source's settings
 */
@ConfigurationProperties("mesh.discovery")
@Validated
record DiscoveryProperties(
    @DefaultValue("local") @NotNull Source source,
    @DefaultValue @Valid Local local,
    @DefaultValue @Valid Kubernetes kubernetes) {

  enum Source {
    LOCAL,
    KUBERNETES
  }

  /**
   * @param path the registry folder of YAML manifests; it may appear after the start
   * @param pollInterval how often the folder is compared with what was read
   */
  record Local(
      @DefaultValue("${user.home}/.meshctl/registry") @NotNull Path path,
      @DefaultValue("1s") @NotNull Duration pollInterval) {

    @AssertTrue(message = "must be positive")
    boolean isPollInterval() {
      return pollInterval == null || (!pollInterval.isNegative() && !pollInterval.isZero());
    }
  }

  /**
   * @param httpRoutes whether to watch Gateway API HTTPRoutes; turn off where their CRD is not
   *     installed (the informer would never sync)
   */
  record Kubernetes(@DefaultValue("true") boolean httpRoutes) {}
}
