package dev.meshctl.proxy.http;

import java.net.InetSocketAddress;
import java.util.List;

/** Where a router sends one request: to endpoints, tried in order, or nowhere, with a reason. */
public sealed interface Route {

  /** The metric label for the request's authority ("" when it named no known destination). */
  String authorityLabel();

  /**
   * Forward the request.
   *
   * @param candidates endpoints in the order to try them: the balancer's pick first, then the
   *     others to fall back to when connecting fails
   */
  record Forward(String authorityLabel, List<InetSocketAddress> candidates) implements Route {
    public Forward {
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("a forward route needs at least one endpoint");
      }
    }
  }

  /** Answer the request with a proxy error. */
  record Reject(ProxyError error, String detail, String authorityLabel) implements Route {}
}
