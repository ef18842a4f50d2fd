package dev.meshctl.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dashboard's configuration ({@code mesh.web.*}), checked once at start.
 *
 * @param controllerApi the controller's REST API (required), e.g. {@code http://127.0.0.1:8085}
 * @param controllerAdmin the controller's actuator (management) base URL, for its health; optional
 * @param identityAdmin the identity service's actuator base URL, for its health and the issuer
 *     certificate's expiry; optional
 * @param requestTimeout how long one answer of the controller or an actuator may take
 * @param refreshInterval how often the pages refresh their numbers in the browser
 */
@ConfigurationProperties("mesh.web")
public record WebProperties(
    URI controllerApi,
    URI controllerAdmin,
    URI identityAdmin,
    Duration requestTimeout,
    Duration refreshInterval) {

  public WebProperties {
    if (controllerApi == null) {
      throw new IllegalArgumentException(
          "mesh.web.controller-api is required: the controller's REST API, e.g."
              + " --mesh.web.controller-api=http://127.0.0.1:8085");
    }
    checkHttp("mesh.web.controller-api", controllerApi);
    checkHttp("mesh.web.controller-admin", controllerAdmin);
    checkHttp("mesh.web.identity-admin", identityAdmin);
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
    refreshInterval = refreshInterval == null ? Duration.ofSeconds(5) : refreshInterval;
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          "mesh.web.request-timeout must be positive, was " + requestTimeout);
    }
    if (refreshInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "mesh.web.refresh-interval must be at least 1s, was " + refreshInterval);
    }
  }

  private static void checkHttp(String key, URI value) {
    if (value == null) {
      return;
    }
    String scheme = value.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || value.getHost() == null) {
      throw new IllegalArgumentException(
          key + " must be an http:// or https:// URL with a host, was \"" + value + "\"");
    }
  }
}
