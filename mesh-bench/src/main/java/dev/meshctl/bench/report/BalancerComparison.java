package dev.meshctl.bench.report;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.BalancerRun;
import java.util.Map;
import java.util.Optional;

/**
 * The figures {@code bench/balancer} compares: the share of requests the slow endpoint answered,
 * and round robin's latency percentiles over P2C/PeakEWMA's.
 */
public final class BalancerComparison {

  /** The balancer measured. */
  public static final String PEAK_EWMA = "peak-ewma";

  /** The baseline it is compared with. */
  public static final String ROUND_ROBIN = "round-robin";

  private static final Map<String, String> TITLES =
      Map.of(PEAK_EWMA, "P2C over PeakEWMA", ROUND_ROBIN, "round robin");

  private BalancerComparison() {}

  /**
   * Round robin's latency percentiles over P2C/PeakEWMA's ({@link Comparisons#PERCENTILES}), when
   * both ran: above 1, round robin is slower.
   */
  public static Optional<double[]> roundRobinOverPeakEwma(BalancerResults results) {
    Optional<LoadResult> rr = measured(results, ROUND_ROBIN);
    Optional<LoadResult> pe = measured(results, PEAK_EWMA);
    if (rr.isEmpty() || pe.isEmpty()) {
      return Optional.empty();
    }
    double[] over = Comparisons.values(rr.get().latency());
    double[] under = Comparisons.values(pe.get().latency());
    double[] ratios = new double[over.length];
    for (int i = 0; i < over.length; i++) {
      ratios[i] = under[i] > 0 ? over[i] / under[i] : Double.NaN;
    }
    return Optional.of(ratios);
  }

  /**
   * The share of the measured run's responses that the slow endpoint gave, 0 to 1; NaN when the
   * balancer did not run or the proxy counted nothing.
   */
  public static double slowShare(BalancerResults results, BalancerRun run) {
    return results.slowEndpoints().stream().mapToDouble(run::share).sum();
  }

  private static Optional<LoadResult> measured(BalancerResults results, String balancer) {
    return results.run(balancer).map(BalancerRun::result).filter(r -> r.latency() != null);
  }

  /** {@code P2C over PeakEWMA (`peak-ewma`)}, for the tables. */
  static String title(String balancer) {
    return TITLES.containsKey(balancer)
        ? "%s (`%s`)".formatted(TITLES.get(balancer), balancer)
        : "`" + balancer + "`";
  }
}
