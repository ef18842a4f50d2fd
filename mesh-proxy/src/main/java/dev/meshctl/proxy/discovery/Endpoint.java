package dev.meshctl.proxy.discovery;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One address a destination's traffic may go to.
 *
 * @param address an IP literal and port (resolved, never a host name to look up per request)
 * @param weight relative share of traffic, at least 1
 * @param identity the identity the endpoint must present over mTLS when it is meshed (its proxy's
 *     certificate's DNS name); empty for an endpoint without a proxy, reached in plaintext
 */
public record Endpoint(InetSocketAddress address, int weight, Optional<String> identity) {

  /** An endpoint that is not meshed. */
  public Endpoint(InetSocketAddress address, int weight) {
    this(address, weight, Optional.empty());
  }

  public Endpoint {
    if (address == null || address.isUnresolved()) {
      throw new IllegalArgumentException("endpoint address must be a resolved IP address and port");
    }
    if (weight < 1) {
      throw new IllegalArgumentException("endpoint weight " + weight + " is not at least 1");
    }
    Objects.requireNonNull(identity, "identity");
  }

  /** {@code ip:port}, the form used as the {@code target_addr} metric label. */
  public String label() {
    return dev.meshctl.proxy.metrics.TargetAddr.of(address);
  }
}
