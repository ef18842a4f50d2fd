package dev.meshctl.bench.report;

import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.BalancerRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * results.json of {@code bench/balancer}: the whole results model (the measured run with its
 * histogram, the responses per endpoint), plus the slow endpoint's share and the ratios that
 * results.md shows.
 */
public final class BalancerJson {

  private BalancerJson() {}

  /** results.json: the whole results model, with the derived shares and ratios. */
  public static String render(BalancerResults results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", "mesh-bench-balancer/1");
    root.put("started", results.started());
    root.put("finished", results.finished());
    root.put("plan", results.plan());
    root.put("environment", results.environment());
    root.put(
        "units",
        Map.of(
            "latency", "milliseconds, from each request's intended send time (open model)",
            "slowShare", "share of the measured run's responses from the slow endpoint, 0 to 1"));
    root.put("endpoints", results.endpoints());
    root.put("runs", results.runs());
    Map<String, Object> slowShare = new LinkedHashMap<>();
    for (BalancerRun run : results.runs()) {
      double share = BalancerComparison.slowShare(results, run);
      slowShare.put(run.balancer(), Double.isNaN(share) ? null : share);
    }
    root.put("slowShare", slowShare);
    Map<String, Object> ratios = new LinkedHashMap<>();
    BalancerComparison.roundRobinOverPeakEwma(results)
        .ifPresent(
            r -> {
              for (int i = 0; i < r.length; i++) {
                ratios.put(Comparisons.PERCENTILES.get(i), r[i]);
              }
            });
    root.put("roundRobinOverPeakEwma", ratios);
    return Json.write(root);
  }
}
