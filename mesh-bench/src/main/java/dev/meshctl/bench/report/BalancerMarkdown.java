package dev.meshctl.bench.report;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.BalancerResults.Endpoint;
import dev.meshctl.bench.results.BalancerRun;
import dev.meshctl.bench.results.Environment;
import dev.meshctl.bench.run.BalancerPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * results.md of {@code bench/balancer}: the run's conditions, per balancer the latency percentiles
 * and the share of requests the slow endpoint answered, round robin over P2C/PeakEWMA, the
 * responses by endpoint, and the warm-ups.
 */
public final class BalancerMarkdown {

  private BalancerMarkdown() {}

  /** results.md. */
  public static String render(BalancerResults results) {
    Md md = new Md();
    BalancerPlan plan = results.plan();
    Environment env = results.environment();
    Duration took = Duration.between(results.started(), results.finished());
    md.line("# mesh-bench balancer: P2C over PeakEWMA against round robin, one slow endpoint");
    md.line();
    md.line(
        "Plan **%s**, run %s (%d min %02d s). Proxy: `%s` at %s (jar sha256 %s)."
            .formatted(
                plan.name(),
                results.started(),
                took.toMinutes(),
                took.toSecondsPart(),
                env.proxyJar(),
                env.gitCommit(),
                env.proxyJarSha256().substring(0, Math.min(12, env.proxyJarSha256().length()))));
    md.line();
    md.line(
        ("**Setup:** one outbound mesh proxy, started through `mesh-proxy/bin/mesh-proxy` with its"
                + " shipped JVM defaults, routes the authority the client addresses by a static"
                + " destinations file to three endpoints, each a backend process of its own"
                + " (status 200, 1 KiB body): %s. The proxy is started twice in the same run, once"
                + " per balancer (`MESH_PROXY_OUTBOUND_BALANCER`), in front of the same backends."
                + " Both balancers eject failing endpoints the same way; only the choice of"
                + " endpoint differs.")
            .formatted(
                results.endpoints().stream()
                    .map(
                        e ->
                            "**%s** (%s%s)"
                                .formatted(
                                    e.name(),
                                    e.address(),
                                    e.slow()
                                        ? ", adds %s ms to every answer"
                                            .formatted(ResultsMarkdown.number(e.delayMillis()))
                                        : ""))
                    .collect(Collectors.joining(", "))));
    md.line();
    md.line(
        ("**Load:** HTTP/1.1 over %d keep-alive connections, one request in flight on each. Per"
                + " balancer: a closed-loop warm-up with %d requests outstanding, in 2 s slices"
                + " until it stops getting faster (%s to %s), then %s at the fixed rate, both"
                + " discarded; then the measured **open-model** run at **%,d rps for %s**: each"
                + " request has an intended send time and its latency counts from then"
                + " (HdrHistogram, wrk2-style), so time spent waiting for a connection held by the"
                + " slow endpoint shows as latency. The share of requests that reached each"
                + " endpoint is the proxy's own count (`response_total` by `target_addr` on its"
                + " admin `/metrics`, read just before and just after the measured run).")
            .formatted(
                plan.http1Connections(),
                plan.closedConcurrency(),
                seconds(plan.warmupMin()),
                seconds(plan.warmupMax()),
                seconds(plan.openWarmup()),
                plan.rate(),
                seconds(plan.measure())));
    md.line();
    md.line(
        ("**CPUs:** the load generator runs alone on CPU %s; the proxy and the three backends"
                + " share CPU %s (`taskset -c`). **Machine:** %s, %d CPUs, Linux %s; %s. Load"
                + " average at the start: %s.")
            .formatted(
                env.loadCpus(),
                env.sutCpus(),
                env.cpu(),
                env.cores(),
                env.kernel(),
                env.java(),
                env.loadAverageAtStart()));
    md.line();

    md.line("## Latency at %,d rps (ms)".formatted(plan.rate()));
    md.line();
    md.row(
        List.of(
            "balancer",
            "achieved rps",
            "errors",
            "p50",
            "p90",
            "p99",
            "p99.9",
            "max",
            "to the slow endpoint",
            "generator lag p99**",
            "other CPU use*"));
    md.separator(11);
    for (BalancerRun run : results.runs()) {
      List<String> row = new ArrayList<>(List.of(BalancerComparison.title(run.balancer())));
      LoadResult r = run.result();
      if (r == null || r.latency() == null) {
        row.add("not run (see below)");
        row.addAll(List.of("", "", "", "", "", "", "", "", ""));
      } else {
        row.add(String.format(Locale.ROOT, "%.0f", r.achievedRate()));
        row.add(errors(r));
        for (double v : Comparisons.values(r.latency())) {
          row.add(ResultsMarkdown.number(v));
        }
        row.add(
            "%s (%,d of %,d)"
                .formatted(
                    percent(BalancerComparison.slowShare(results, run)),
                    results.slowEndpoints().stream()
                        .mapToLong(e -> run.responses().of(e.address()))
                        .sum(),
                    run.responses().total()));
        row.add(ResultsMarkdown.number(r.sendLagP99Millis()));
        row.add(
            run.usage() == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    "%.0f%% / %.0f%%",
                    run.usage().background().sutCpus() * 100,
                    run.usage().background().loadCpus() * 100));
      }
      md.row(row);
    }
    md.line();
    md.line(
        "\\*\\* How late the load generator sent (99th percentile, ms): its own delays, which"
            + " count in the latencies.");
    md.line(
        "\\* CPU time not charged to the proxy or the backends, as a share of the CPU under test /"
            + " of the generator's CPU: other work on the machine and kernel (interrupt) time. A"
            + " high figure means the run was disturbed; compare runs only when both are quiet.");
    md.line();

    md.line("## Round robin over P2C/PeakEWMA");
    md.line();
    Optional<double[]> ratios = BalancerComparison.roundRobinOverPeakEwma(results);
    if (ratios.isEmpty()) {
      md.line("Not available: both balancers must have run.");
    } else {
      List<String> head = new ArrayList<>(List.of(""));
      head.addAll(Comparisons.PERCENTILES);
      md.row(head);
      md.separator(head.size());
      List<String> row = new ArrayList<>(List.of("round robin / P2C over PeakEWMA"));
      for (double v : ratios.get()) {
        row.add(ratio(v));
      }
      md.row(row);
      md.line();
      md.line(
          ("Each figure is round robin's percentile over P2C/PeakEWMA's in this run: above 1,"
                  + " round robin is slower by that factor. **p50 %s, p99 %s.**")
              .formatted(ratio(ratios.get()[0]), ratio(ratios.get()[2])));
    }
    md.line();

    md.line("## Responses by endpoint during the measured run (as the proxy counted them)");
    md.line();
    List<String> head = new ArrayList<>(List.of("balancer"));
    results.endpoints().forEach(e -> head.add(e.name()));
    head.addAll(List.of("counted", "requests sent"));
    md.row(head);
    md.separator(head.size());
    for (BalancerRun run : results.runs()) {
      if (run.responses() == null) {
        continue;
      }
      List<String> row = new ArrayList<>(List.of(BalancerComparison.title(run.balancer())));
      for (Endpoint e : results.endpoints()) {
        row.add("%,d (%s)".formatted(run.responses().of(e.address()), percent(run.share(e))));
      }
      row.add("%,d".formatted(run.responses().total()));
      row.add("%,d".formatted(run.result().sent()));
      md.row(row);
    }
    md.line();

    md.line("## CPU during the measured run (seconds per 1,000 requests)");
    md.line();
    List<String> cpuHead = new ArrayList<>(List.of("balancer", "proxy"));
    results.endpoints().forEach(e -> cpuHead.add("backend " + e.name()));
    md.row(cpuHead);
    md.separator(cpuHead.size());
    for (BalancerRun run : results.runs()) {
      if (run.usage() == null) {
        continue;
      }
      List<String> row = new ArrayList<>(List.of(BalancerComparison.title(run.balancer())));
      run.usage()
          .processes()
          .forEach(p -> row.add(String.format(Locale.ROOT, "%.3f", p.cpuSecondsPer1000())));
      md.row(row);
    }
    md.line();

    md.line("## Warm-up and start");
    md.line();
    md.row(
        List.of("balancer", "ready ms", "warm-up s", "closed-loop rps per 2 s slice", "settled"));
    md.separator(5);
    for (BalancerRun run : results.runs()) {
      md.row(
          List.of(
              BalancerComparison.title(run.balancer()),
              run.startup() == null
                  ? ""
                  : String.format(Locale.ROOT, "%.0f", run.startup().readyMillis()),
              run.warmup() == null
                  ? ""
                  : String.format(Locale.ROOT, "%.0f", run.warmup().seconds()),
              run.warmup() == null
                  ? ""
                  : run.warmup().sliceRates().stream()
                      .map(r -> String.format(Locale.ROOT, "%.0f", r))
                      .collect(Collectors.joining(", ")),
              run.warmup() == null ? "" : run.warmup().settled() ? "yes" : "no"));
    }
    md.line();
    md.line(
        "Closed loop, round robin's throughput is bounded by the slow endpoint (every third"
            + " request holds a connection for the delay), so its slices are expected to be far"
            + " below P2C's.");
    md.line();

    List<BalancerRun> failed = results.runs().stream().filter(r -> r.notRun() != null).toList();
    if (!failed.isEmpty()) {
      md.line("## Not run");
      md.line();
      failed.forEach(
          r ->
              md.line(
                  "- **%s**: %s".formatted(BalancerComparison.title(r.balancer()), r.notRun())));
      md.line();
    }
    return md.toString();
  }

  private static String errors(LoadResult r) {
    if (r.errorCount() == 0) {
      return "0";
    }
    return r.errorCount()
        + " ("
        + r.errorDetails().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(3)
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining("; "))
        + ")";
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String ratio(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2fx", v) : "n/a";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** A markdown document being written. */
  private static final class Md {
    private final StringBuilder out = new StringBuilder();

    void row(List<String> cells) {
      out.append("| ")
          .append(cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")))
          .append(" |\n");
    }

    void separator(int columns) {
      out.append("|").append("---|".repeat(columns)).append('\n');
    }

    void line(String text) {
      out.append(text).append('\n');
    }

    void line() {
      out.append('\n');
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
