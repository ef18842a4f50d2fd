package dev.meshctl.proxy.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** Where a router sends one request: to endpoints, tried in order, or nowhere, with a reason. */
public sealed interface Route {

  /** The metric label for the request's authority ("" when it named no known destination). */
  String authorityLabel();

  /**
   * Forward the request.
   *
   * @param candidates endpoints in the order to try them: the balancer's pick first, then the
   *     others to fall back to when connecting fails
   * @param policy the route's timeout (and, with the policy layer, retries)
   * @param feedback where the outcome of each attempt goes (the destination's balancer)
   * @param identities the identity each meshed candidate must present over mTLS; candidates not in
   *     it are reached in plaintext
   */
  record Forward(
      String authorityLabel,
      List<InetSocketAddress> candidates,
      RoutePolicy policy,
      EndpointFeedback feedback,
      Map<InetSocketAddress, String> identities)
      implements Route {
    public Forward {
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("a forward route needs at least one endpoint");
      }
    }

    /** A forward with the default policy (no route of a profile), to endpoints not meshed. */
    public Forward(String authorityLabel, List<InetSocketAddress> candidates) {
      this(authorityLabel, candidates, RoutePolicy.DEFAULT, EndpointFeedback.NONE, Map.of());
    }
  }

  /** Answer the request with a proxy error. */
  record Reject(ProxyError error, String detail, String authorityLabel) implements Route {}
}
