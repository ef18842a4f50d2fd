package dev.meshctl.bench.results;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.proc.UsageMeter;
import dev.meshctl.bench.sut.ResponseCounts;
import dev.meshctl.bench.sut.Startup;

/**
 * One balancer measured: a proxy started with {@code MESH_PROXY_OUTBOUND_BALANCER=balancer}.
 *
 * @param balancer {@code peak-ewma} or {@code round-robin}
 * @param notRun why it was not run, or failed before its measured run ended; null when it ran
 * @param startup how long the proxy took to become ready; null when it did not start
 * @param warmup its closed-loop warm-up; null when it did not get that far
 * @param result the measured open-model run; null when it did not get that far
 * @param responses responses per endpoint during the measured run, as the proxy counted them; null
 *     when it did not get that far
 * @param usage CPU time of the proxy and each backend during the measured run, and how much CPU
 *     time went to anything else (a disturbed run); null when it did not get that far
 */
public record BalancerRun(
    String balancer,
    String notRun,
    Startup startup,
    ConfigurationResult.Warmup warmup,
    LoadResult result,
    ResponseCounts responses,
    UsageMeter.Usage usage) {

  public static BalancerRun notRun(String balancer, String reason) {
    return new BalancerRun(balancer, reason, null, null, null, null, null);
  }

  /**
   * The share of the measured run's responses that came from {@code endpoint}, 0 to 1; NaN when
   * nothing was counted.
   */
  public double share(BalancerResults.Endpoint endpoint) {
    if (responses == null || responses.total() == 0) {
      return Double.NaN;
    }
    return (double) responses.of(endpoint.address()) / responses.total();
  }
}
