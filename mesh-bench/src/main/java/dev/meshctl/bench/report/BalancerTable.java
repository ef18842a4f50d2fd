package dev.meshctl.bench.report;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.BalancerRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code bench/balancer} prints at the end of a run: one line per balancer, the ratios.
 */
public final class BalancerTable {

  private static final List<String> HEAD =
      List.of(
          "balancer",
          "rps",
          "errors",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "p99.9 ms",
          "max ms",
          "to slow endpoint");

  private BalancerTable() {}

  public static String render(BalancerResults results) {
    List<List<String>> rows = new ArrayList<>();
    List<String> notRun = new ArrayList<>();
    rows.add(HEAD);
    for (BalancerRun run : results.runs()) {
      LoadResult r = run.result();
      if (r == null || r.latency() == null) {
        notRun.add(
            run.balancer()
                + ": not run: "
                + (run.notRun() == null ? "no request succeeded" : run.notRun()));
        continue;
      }
      List<String> row = new ArrayList<>();
      row.add(run.balancer());
      row.add(String.format(Locale.ROOT, "%.0f", r.achievedRate()));
      row.add(String.valueOf(r.errorCount()));
      for (double v : Comparisons.values(r.latency())) {
        row.add(ResultsMarkdown.number(v));
      }
      row.add(BalancerMarkdown.percent(BalancerComparison.slowShare(results, run)));
      rows.add(row);
    }
    int[] widths = new int[HEAD.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String gap = " ".repeat(widths[i] - row.get(i).length());
        out.append(i == 0 ? row.get(i) + gap : gap + row.get(i));
        out.append(i == row.size() - 1 ? "\n" : "  ");
      }
    }
    notRun.forEach(line -> out.append(line).append('\n'));
    BalancerComparison.roundRobinOverPeakEwma(results)
        .ifPresent(
            ratios -> {
              List<String> parts = new ArrayList<>();
              for (int i = 0; i < ratios.length; i++) {
                parts.add(Comparisons.PERCENTILES.get(i) + " " + BalancerMarkdown.ratio(ratios[i]));
              }
              out.append("round-robin / peak-ewma: ").append(String.join(", ", parts)).append('\n');
            });
    return out.toString();
  }
}
