package dev.meshctl.proxy.outbound;

import dev.meshctl.proxy.balance.LoadBalancer;
import dev.meshctl.proxy.balance.LoadBalancer.Outcome;
import dev.meshctl.proxy.http.EndpointFeedback;
import java.net.InetSocketAddress;

/** Feeds the outcome of each attempt back to the destination's load balancer. */
final class BalancerFeedback implements EndpointFeedback {

  private final LoadBalancer balancer;

  BalancerFeedback(LoadBalancer balancer) {
    this.balancer = balancer;
  }

  @Override
  public Attempt begin(InetSocketAddress endpoint) {
    LoadBalancer.Attempt attempt = balancer.begin(endpoint);
    return new Attempt() {
      @Override
      public void success(long latencyNanos) {
        attempt.end(Outcome.SUCCESS, latencyNanos);
      }

      @Override
      public void failure(long latencyNanos) {
        attempt.end(Outcome.FAILURE, latencyNanos);
      }

      @Override
      public void cancelled() {
        attempt.end(Outcome.CANCELLED, 0);
      }
    };
  }
}
