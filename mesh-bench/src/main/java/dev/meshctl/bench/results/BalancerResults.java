package dev.meshctl.bench.results;

import dev.meshctl.bench.run.BalancerPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@code bench/balancer} run measured, as written to results.md and results.json.
 *
 * @param endpoints the destination's endpoints, as listed in the proxy's destinations file
 * @param runs one per balancer, in the order they ran
 */
public record BalancerResults(
    Instant started,
    Instant finished,
    BalancerPlan plan,
    Environment environment,
    List<Endpoint> endpoints,
    List<BalancerRun> runs) {

  /**
   * One endpoint of the destination: a backend process of its own.
   *
   * @param name {@code fast-1}, {@code slow}...
   * @param address {@code ip:port}, as the proxy labels it in its metrics
   * @param delayMillis what the endpoint adds to every response
   */
  public record Endpoint(String name, String address, double delayMillis) {

    public boolean slow() {
      return delayMillis > 0;
    }
  }

  public Optional<BalancerRun> run(String balancer) {
    return runs.stream().filter(r -> r.balancer().equals(balancer)).findFirst();
  }

  /** The endpoints that add a delay (one in this benchmark). */
  public List<Endpoint> slowEndpoints() {
    return endpoints.stream().filter(Endpoint::slow).toList();
  }
}
