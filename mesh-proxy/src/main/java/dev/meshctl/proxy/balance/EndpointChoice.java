package dev.meshctl.proxy.balance;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The one decision that differs between balancing strategies: in what order a request tries the
 * endpoints that accept requests. {@link LoadBalancer} has already left out the ejected ones and
 * handles zero or one endpoint itself, so an implementation sees at least two.
 */
interface EndpointChoice {

  /**
   * @param candidates the endpoints that accept requests, in the destination's order; only the
   *     first {@code count} entries are meaningful
   * @param loads each candidate's {@link PeakEwma} load divided by its weight
   * @param count how many candidates there are, at least 2
   * @return every candidate once, the one to send to first
   */
  List<InetSocketAddress> order(InetSocketAddress[] candidates, double[] loads, int count);
}
