package dev.meshctl.bench.report;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.proc.Memory;
import dev.meshctl.bench.proc.ProcessUsage;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ConfigurationResult;
import dev.meshctl.bench.results.Environment;
import dev.meshctl.bench.results.ProtocolResult;
import dev.meshctl.bench.results.RunResult;
import dev.meshctl.bench.run.BenchPlan;
import dev.meshctl.bench.sut.Startup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/** results.md: the run's conditions, the targets, then per protocol the tables of the issue. */
public final class ResultsMarkdown {

  private final BenchResults results;
  private final List<Protocol> protocols;
  private final StringBuilder out = new StringBuilder();

  private ResultsMarkdown(BenchResults results, List<Protocol> protocols) {
    this.results = results;
    this.protocols = protocols;
  }

  public static String render(BenchResults results, List<Protocol> protocols) {
    ResultsMarkdown md = new ResultsMarkdown(results, protocols);
    md.header();
    md.targets();
    for (Protocol p : protocols) {
      md.protocol(p);
    }
    md.startups();
    md.warmups();
    md.lifetimePeaks();
    md.notRun();
    return md.out.toString();
  }

  private void header() {
    BenchPlan plan = results.plan();
    Environment env = results.environment();
    Duration took = Duration.between(results.started(), results.finished());
    line("# mesh-bench: the proxy against direct, nginx and HAProxy");
    line();
    line(
        "Plan **%s**, run %s (%d min %02d s). Proxy: `%s` at %s (jar sha256 %s)."
            .formatted(
                plan.name(),
                results.started(),
                took.toMinutes(),
                took.toSecondsPart(),
                env.proxyJar(),
                env.gitCommit(),
                env.proxyJarSha256().substring(0, Math.min(12, env.proxyJarSha256().length()))));
    line();
    line(
        ("**Same CPU budget for every configuration:** the load generator runs alone on CPU %s"
                + " (`taskset -c %s`); everything under test (the backend, the proxies, nginx,"
                + " HAProxy) shares CPU %s (`taskset -c %s`). nginx runs one worker and HAProxy one"
                + " thread per instance; the proxy's event-loop threads follow its default (the"
                + " smaller of 2 and the CPUs it may use).")
            .formatted(env.loadCpus(), env.loadCpus(), env.sutCpus(), env.sutCpus()));
    line();
    line(
        ("**Proxy JVM:** the launcher's shipped defaults (`mesh-proxy/bin/mesh-proxy`), as read"
                + " from a running proxy's command line: `%s`. The class-data sharing archive is"
                + " made by a first start (timed separately below) and used by every measured one.")
            .formatted(String.join(" ", env.proxyJvmOptions())));
    line();
    line(
        ("**Load:** open model at %s rps: each request has an intended send time and its latency"
                + " counts from then (HdrHistogram, wrk2-style), so a stall shows as latency and"
                + " coordinated omission cannot hide it. Each configuration is first warmed up with"
                + " all protocols at once, closed loop, in 2 s slices until the last two slices are"
                + " both no more than 5%% faster than the fastest slice before them (%s to %s; see *Warm-up*); then per protocol each rate gets %s of warm-up and"
                + " %s measured (warm-ups discarded), then maximum throughput, closed loop with %d"
                + " requests outstanding for %s. Clients: HTTP/1.1 over %d keep-alive connections,"
                + " h2c over %d connection, gRPC (grpc-java) over one channel. Backend: status 200"
                + " with a 1 KiB body (Netty, one event loop, on the CPU under test), the same for"
                + " every configuration.")
            .formatted(
                plan.rates().stream().map(ResultsMarkdown::thousands).collect(joining()),
                seconds(plan.warmupMin()),
                seconds(plan.warmupMax()),
                seconds(plan.openWarmup()),
                seconds(plan.measure()),
                plan.closedConcurrency(),
                seconds(plan.closedMeasure()),
                plan.http1Connections(),
                plan.h2Connections()));
    line();
    line(
        "**Machine:** %s, %d CPUs, Linux %s; %s; %s; %s. Load average at the start: %s."
            .formatted(
                env.cpu(),
                env.cores(),
                env.kernel(),
                env.java(),
                env.nginx(),
                env.haproxy(),
                env.loadAverageAtStart()));
    line();
    line(
        "Ratios: *added* is a configuration's percentile minus direct's (and in brackets the"
            + " multiple of direct's); *mesh / nginx* is the mesh's percentile over nginx's with the"
            + " same hops (and in brackets the ratio of what each adds over direct: the two proxies'"
            + " own costs). Below 1 the mesh is faster. *mTLS's added cost* sets the mTLS pair"
            + " against the plaintext pair (its difference and ratio) and both against direct.");
    line();
    line("Configurations:");
    line();
    for (ConfigurationResult c : results.configurations()) {
      line("- **%s**: %s%s".formatted(c.title(), c.path(), c.notRun() == null ? "" : " (not run)"));
    }
    line();
  }

  private void targets() {
    List<TargetCheck> checks = Targets.check(results, protocols);
    line("## Targets");
    line();
    List<String> head = new ArrayList<>(List.of("target"));
    protocols.forEach(p -> head.add(p.title()));
    row(head);
    separator(head.size());
    List<String> seen = new ArrayList<>();
    for (TargetCheck check : checks) {
      if (seen.contains(check.id())) {
        continue;
      }
      seen.add(check.id());
      List<String> cells = new ArrayList<>(List.of(check.description()));
      if (check.protocol() == null) {
        cells.add(targetCell(check));
        for (int i = 1; i < protocols.size(); i++) {
          cells.add("");
        }
      } else {
        for (Protocol p : protocols) {
          cells.add(
              checks.stream()
                  .filter(c -> c.id().equals(check.id()) && c.protocol() == p)
                  .findFirst()
                  .map(this::targetCell)
                  .orElse(""));
        }
      }
      row(cells);
    }
    line();
    for (ConfigurationResult c : results.configurations()) {
      if (c.id().startsWith("mesh-") && c.warmup() != null && !c.warmup().settled()) {
        line(
            ("Note: **%s** was still getting faster when its %.0f s warm-up ended (see *Warm-up*):"
                    + " its figures include the JIT compiler still at work on the CPU under test."
                    + " The full run warms up for longer.")
                .formatted(c.title(), c.warmup().seconds()));
        line();
      }
    }
  }

  private String targetCell(TargetCheck check) {
    if (check.met() == null) {
      return "not measured";
    }
    String value = number(check.measured()) + " " + check.unit();
    String limit = check.id().endsWith("-vs-nginx") ? " (nginx " + number(check.limit()) + ")" : "";
    return value + limit + (check.met() ? " — met" : " — **missed**");
  }

  private void protocol(Protocol protocol) {
    line("## " + protocol.title());
    line();
    latencyTable(protocol);
    addedTable(protocol);
    peerTable(protocol);
    mtlsTable(protocol);
    throughputTable(protocol);
    costTable(protocol);
  }

  private void latencyTable(Protocol protocol) {
    line(
        "### Latency at fixed rates (ms, from intended send time; generator on CPU %s, all under test on CPU %s)"
            .formatted(results.environment().loadCpus(), results.environment().sutCpus()));
    line();
    row(
        List.of(
            "configuration",
            "rate",
            "achieved rps",
            "p50",
            "p90",
            "p99",
            "p99.9",
            "max",
            "errors",
            "generator lag p99**",
            "other CPU use*"));
    separator(11);
    for (ConfigurationResult c : results.configurations()) {
      Optional<String> skipped = skipped(c, protocol);
      if (skipped.isPresent()) {
        row(List.of(c.title(), "", skipped.get(), "", "", "", "", "", "", "", ""));
        continue;
      }
      for (int rate : results.plan().rates()) {
        Optional<RunResult> run = c.protocol(protocol).flatMap(p -> p.atRate(rate));
        if (run.isEmpty()) {
          row(List.of(c.title(), thousands(rate), "not run", "", "", "", "", "", "", "", ""));
          continue;
        }
        LoadResult r = run.get().load();
        List<String> cells = new ArrayList<>(List.of(c.title(), thousands(rate)));
        cells.add(String.format(Locale.ROOT, "%.0f", r.achievedRate()));
        cells.addAll(latencyCells(r));
        cells.add(errors(r));
        cells.add(number(r.sendLagP99Millis()));
        cells.add(background(run.get()));
        row(cells);
      }
    }
    line();
    line(
        "\\*\\* How late the load generator sent (99th percentile, ms): its own delays, which"
            + " count in every latency above, direct included.");
    line(
        "\\* CPU time not charged to the processes measured, as a share of the CPU under test /"
            + " of the generator's CPU: other work on the machine and kernel (interrupt) time. A"
            + " high figure means the run was disturbed.");
    line();
  }

  private static String background(RunResult run) {
    return String.format(
        Locale.ROOT,
        "%.0f%% / %.0f%%",
        run.background().sutCpus() * 100,
        run.background().loadCpus() * 100);
  }

  private void addedTable(Protocol protocol) {
    line("### Added latency over direct (ms; in brackets, times direct)");
    line();
    row(List.of("configuration", "rate", "p50", "p90", "p99", "p99.9", "max"));
    separator(7);
    for (ConfigurationResult c : results.configurations()) {
      if (c.id().equals(Comparisons.DIRECT) || skipped(c, protocol).isPresent()) {
        continue;
      }
      for (int rate : results.plan().rates()) {
        Optional<double[]> added = Comparisons.addedOverDirect(results, c.id(), protocol, rate);
        Optional<double[]> times = Comparisons.timesDirect(results, c.id(), protocol, rate);
        List<String> cells = new ArrayList<>(List.of(c.title(), thousands(rate)));
        for (int i = 0; i < Comparisons.PERCENTILES.size(); i++) {
          int k = i;
          cells.add(
              added
                  .map(a -> signed(a[k]) + times.map(t -> " (" + ratio(t[k]) + ")").orElse(""))
                  .orElse("n/a"));
        }
        row(cells);
      }
    }
    line();
  }

  private void peerTable(Protocol protocol) {
    line("### Mesh over nginx (latency ratio; in brackets, ratio of added latency)");
    line();
    row(List.of("comparison", "rate", "p50", "p90", "p99", "p99.9", "max"));
    separator(7);
    for (Comparisons.Pairing pairing : Comparisons.PAIRINGS) {
      if (results.configuration(pairing.mesh()).isEmpty()
          || results.configuration(pairing.peer()).isEmpty()) {
        row(List.of(pairing.title(), "", "not in this run (--only)", "", "", "", ""));
        continue;
      }
      if (!Comparisons.ran(results, pairing.mesh()) || !Comparisons.ran(results, pairing.peer())) {
        row(List.of(pairing.title(), "", "not run", "", "", "", ""));
        continue;
      }
      for (int rate : results.plan().rates()) {
        Optional<double[]> ratio = Comparisons.meshOverPeer(results, pairing, protocol, rate);
        Optional<double[]> added = Comparisons.addedMeshOverPeer(results, pairing, protocol, rate);
        List<String> cells = new ArrayList<>(List.of(pairing.title(), thousands(rate)));
        for (int i = 0; i < Comparisons.PERCENTILES.size(); i++) {
          int k = i;
          cells.add(
              ratio
                  .map(
                      r ->
                          String.format(Locale.ROOT, "%.2f", r[k])
                              + added.map(a -> " (" + plainRatio(a[k]) + ")").orElse(""))
                  .orElse("n/a"));
        }
        row(cells);
      }
    }
    line();
  }

  private void mtlsTable(Protocol protocol) {
    if (results.configuration(Comparisons.MESH_PAIR_MTLS).isEmpty()) {
      return; // not asked for (--only)
    }
    line("### mTLS's added cost (mesh pair mTLS against the plaintext pair and direct, same run)");
    line();
    if (!MtlsCost.measured(results)) {
      line("Not measured: it needs both mesh pairs to have run (see *Not run*).");
      line();
      return;
    }
    row(
        List.of(
            "measure",
            "run",
            "unit",
            "direct",
            "mesh pair",
            "mesh pair mTLS",
            "mTLS − plaintext",
            "mTLS / plaintext",
            "mTLS / direct",
            "plaintext / direct"));
    separator(10);
    for (MtlsCost.Row r : MtlsCost.rows(results, protocol)) {
      row(
          List.of(
              r.measure(),
              r.run(),
              r.unit(),
              figure(r.direct()),
              figure(r.plaintext()),
              figure(r.mtls()),
              r.mtlsMinusPlaintext() == null ? "n/a" : signed(r.mtlsMinusPlaintext()),
              ratioOrNa(r.mtlsOverPlaintext()),
              ratioOrNa(r.mtlsOverDirect()),
              ratioOrNa(r.plaintextOverDirect())));
    }
    line();
    line(
        "Latency from intended send time at the fixed rates, throughput closed loop; CPU is CPU"
            + " seconds per 1,000 successful requests (= CPU ms per request) of the two proxies, and"
            + " of everything under test (proxies and backend; direct: the backend alone). Direct"
            + " has no proxy: n/a. Connection setup is not in these figures (the clients and the"
            + " proxies keep their connections open): `bench/handshakes` measures it.");
    line();
  }

  private static String figure(Double v) {
    return v == null ? "n/a" : number(v);
  }

  private static String ratioOrNa(Double v) {
    return v == null || !Double.isFinite(v) ? "n/a" : ratio(v);
  }

  private void throughputTable(Protocol protocol) {
    line(
        "### Maximum throughput (closed loop, %d outstanding; latency from actual send, ms; same CPUs)"
            .formatted(results.plan().closedConcurrency()));
    line();
    row(
        List.of(
            "configuration", "rps", "x direct", "p50", "p99", "max", "errors", "other CPU use*"));
    separator(8);
    Optional<Double> direct =
        Comparisons.closed(results, Comparisons.DIRECT, protocol).map(r -> r.load().achievedRate());
    for (ConfigurationResult c : results.configurations()) {
      Optional<String> skipped = skipped(c, protocol);
      Optional<RunResult> run = c.protocol(protocol).flatMap(ProtocolResult::closed);
      if (skipped.isPresent() || run.isEmpty()) {
        row(List.of(c.title(), skipped.orElse("not run"), "", "", "", "", "", ""));
        continue;
      }
      LoadResult r = run.get().load();
      List<String> cells = new ArrayList<>();
      cells.add(c.title());
      cells.add(String.format(Locale.ROOT, "%.0f", r.achievedRate()));
      cells.add(
          direct.map(d -> String.format(Locale.ROOT, "%.2f", r.achievedRate() / d)).orElse(""));
      if (r.latency() == null) {
        cells.addAll(List.of("", "", ""));
      } else {
        cells.add(number(r.latency().p50()));
        cells.add(number(r.latency().p99()));
        cells.add(number(r.latency().max()));
      }
      cells.add(errors(r));
      cells.add(background(run.get()));
      row(cells);
    }
    line();
  }

  private void costTable(Protocol protocol) {
    line("### Cost per process (CPU seconds per 1,000 requests; peak RSS during the run, MiB)");
    line();
    row(List.of("configuration", "run", "process", "CPU s / 1k req", "CPU s", "peak RSS MiB"));
    separator(6);
    for (ConfigurationResult c : results.configurations()) {
      if (skipped(c, protocol).isPresent()) {
        continue;
      }
      for (RunResult run : c.protocol(protocol).map(ProtocolResult::runs).orElse(List.of())) {
        String label =
            run.load().targetRate() > 0 ? thousands(run.load().targetRate()) + " rps" : "max";
        for (ProcessUsage u : run.usage()) {
          row(
              List.of(
                  c.title(),
                  label,
                  shortName(c, u.name()),
                  String.format(Locale.ROOT, "%.3f", u.cpuSecondsPer1000()),
                  String.format(Locale.ROOT, "%.2f", u.cpuSeconds()),
                  String.format(Locale.ROOT, "%.1f", u.peakRssMib())
                      + (u.peakSinceStart() ? " (since start)" : "")));
        }
      }
    }
    line();
  }

  private void startups() {
    line("## Start to ready (mesh proxy: process start to admin /ready answering 200)");
    line();
    row(List.of("process", "ready ms", "CDS archive"));
    separator(3);
    for (Startup s : results.startups()) {
      row(
          List.of(
              s.process(),
              String.format(Locale.ROOT, "%.0f", s.readyMillis()),
              s.classDataSharing() ? "used" : "none yet (this start makes it)"));
    }
    line();
  }

  private void warmups() {
    line("## Warm-up (all protocols at once, closed loop; requests per second of each 2 s slice)");
    line();
    row(List.of("configuration", "seconds", "throughput per slice", "settled"));
    separator(4);
    for (ConfigurationResult c : results.configurations()) {
      if (c.warmup() != null) {
        row(
            List.of(
                c.title(),
                String.format(Locale.ROOT, "%.0f", c.warmup().seconds()),
                c.warmup().sliceRates().stream()
                    .map(r -> String.format(Locale.ROOT, "%.0f", r))
                    .collect(Collectors.joining(", ")),
                c.warmup().settled() ? "yes" : "**no**: still getting faster when time was up"));
      }
    }
    line();
  }

  private void lifetimePeaks() {
    line("## Memory of each process when stopped (MiB)");
    line();
    line(
        "Peak is the highest resident set over the process's whole life (start and warm-up"
            + " included); anonymous memory is heap, stacks, native and direct buffers; file is"
            + " mapped code and the class-data sharing archive (partly shared between processes).");
    line();
    row(List.of("configuration", "process", "peak RSS", "RSS", "anonymous", "file"));
    separator(6);
    for (ConfigurationResult c : results.configurations()) {
      for (Map.Entry<String, Memory> e : c.memoryAtEnd().entrySet()) {
        Memory m = e.getValue();
        row(
            List.of(
                c.title(),
                shortName(c, e.getKey()),
                String.format(Locale.ROOT, "%.1f", m.peakMib()),
                String.format(Locale.ROOT, "%.1f", m.rssMib()),
                String.format(Locale.ROOT, "%.1f", m.anonMib()),
                String.format(Locale.ROOT, "%.1f", m.fileMib())));
      }
    }
    line();
  }

  private static String shortName(ConfigurationResult c, String process) {
    return process.startsWith(c.id() + " ") ? process.substring(c.id().length() + 1) : process;
  }

  private void notRun() {
    line("## Not run");
    line();
    boolean any = false;
    for (ConfigurationResult c : results.configurations()) {
      if (c.notRun() != null) {
        line("- **%s**: %s".formatted(c.title(), c.notRun()));
        any = true;
        continue;
      }
      for (ProtocolResult p : c.protocols()) {
        if (p.notRun() != null) {
          line("- **%s**, %s: %s".formatted(c.title(), p.protocol().title(), p.notRun()));
          any = true;
        }
      }
    }
    if (!any) {
      line("Everything ran.");
    }
    line();
  }

  private Optional<String> skipped(ConfigurationResult c, Protocol protocol) {
    if (c.notRun() != null) {
      return Optional.of("not run (see below)");
    }
    Optional<ProtocolResult> result = c.protocol(protocol);
    if (result.isEmpty()) {
      return Optional.of("not run");
    }
    return result.get().notRun() == null ? Optional.empty() : Optional.of("not run (see below)");
  }

  private static List<String> latencyCells(LoadResult r) {
    if (r.latency() == null) {
      return List.of("", "", "", "", "");
    }
    List<String> cells = new ArrayList<>();
    for (double v : Comparisons.values(r.latency())) {
      cells.add(number(v));
    }
    return cells;
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
        + (r.errorDetails().size() > 3 ? "; ..." : "")
        + ")";
  }

  static String number(double v) {
    if (Math.abs(v) < 10) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (Math.abs(v) < 1000) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + number(v);
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2fx", v);
  }

  private static String plainRatio(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
  }

  private static String thousands(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  private void row(List<String> cells) {
    out.append("| ")
        .append(cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")))
        .append(" |\n");
  }

  private void separator(int columns) {
    out.append("|").append("---|".repeat(columns)).append('\n');
  }

  private void line(String text) {
    out.append(text).append('\n');
  }

  private void line() {
    out.append('\n');
  }
}
