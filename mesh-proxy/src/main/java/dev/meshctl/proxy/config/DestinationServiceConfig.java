package dev.meshctl.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The controller's Destination API, from the {@code MESH_PROXY_DESTINATION_*} variables: where it
 * is, what the proxy tells it about itself, and how long an authority's streams stay open unused.
 * Present in {@link ProxyConfig#destinationService()} only when {@code
 * MESH_PROXY_DESTINATION_SVC_ADDR} is set.
 *
 * @param host a DNS name (resolved by the gRPC client) or an IP literal, without brackets
 * @param port the Destination API's port (8086 by convention)
 * @param contextToken sent as is in every request's {@code context_token}; empty for none
 * @param idleTimeout an authority not looked up for this long has its streams closed
 * @param prewarmAuthorities {@code host:port} authorities watched from start and never dropped; the
 *     proxy is not ready until each has had a first answer
 */
public record DestinationServiceConfig(
    String host,
    int port,
    String contextToken,
    Duration idleTimeout,
    List<String> prewarmAuthorities) {

  public DestinationServiceConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(contextToken, "contextToken");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout " + idleTimeout + " is not positive");
    }
    prewarmAuthorities = List.copyOf(prewarmAuthorities);
  }

  /** {@code host:port}, with an IPv6 host in brackets: a gRPC target. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
