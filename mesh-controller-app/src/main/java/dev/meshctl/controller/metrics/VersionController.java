package dev.meshctl.controller.metrics;

import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/version}: the controller's version, from the build information Maven writes
 * into the jar ({@code META-INF/build-info.properties}); {@code unknown} without it.
 */
@RestController
class VersionController {

  private final String version;

  VersionController(ObjectProvider<BuildProperties> build) {
    BuildProperties properties = build.getIfAvailable();
    this.version =
        properties != null && properties.getVersion() != null ? properties.getVersion() : "unknown";
  }

  @GetMapping("/api/v1/version")
  Map<String, String> version() {
    return Map.of("version", version);
  }
}
