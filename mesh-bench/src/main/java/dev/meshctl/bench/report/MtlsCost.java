package dev.meshctl.bench.report;

import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.proc.ProcessUsage;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What mutual TLS between the proxies adds to a request, from one run: each measure of the mTLS
 * pair against the plaintext pair (the difference and the ratio: mTLS's own cost) and both against
 * direct. The measures: latency percentiles at each fixed rate, maximum throughput, and CPU per
 * request, of the proxies alone and of everything under test (proxies and backend).
 */
public final class MtlsCost {

  /** The percentiles compared at each rate: the first three of {@link Comparisons#PERCENTILES}. */
  private static final List<String> PERCENTILES = Comparisons.PERCENTILES.subList(0, 3);

  /**
   * One measure in the three configurations; a figure is null where the configuration did not
   * measure it (direct has no proxy).
   *
   * @param measure what, e.g. {@code p99 latency}
   * @param run {@code 1,000 rps} or {@code max}
   * @param unit {@code ms}, {@code rps}, {@code CPU s / 1k req}
   */
  public record Row(
      String measure, String run, String unit, Double direct, Double plaintext, Double mtls) {

    /** mTLS minus plaintext, in the row's unit: what mTLS adds (negative: takes away). */
    public Double mtlsMinusPlaintext() {
      return plaintext == null || mtls == null ? null : mtls - plaintext;
    }

    /** mTLS over plaintext. */
    public Double mtlsOverPlaintext() {
      return ratio(mtls, plaintext);
    }

    /** mTLS over direct. */
    public Double mtlsOverDirect() {
      return ratio(mtls, direct);
    }

    /** Plaintext over direct. */
    public Double plaintextOverDirect() {
      return ratio(plaintext, direct);
    }

    private static Double ratio(Double a, Double b) {
      return a == null || b == null || b <= 0 ? null : a / b;
    }
  }

  private MtlsCost() {}

  /** Whether both pairs ran, so that there is something to compare. */
  public static boolean measured(BenchResults results) {
    return Comparisons.ran(results, Comparisons.MESH_PAIR)
        && Comparisons.ran(results, Comparisons.MESH_PAIR_MTLS);
  }

  /** Every measure of {@code protocol}: per fixed rate, then at maximum throughput. */
  public static List<Row> rows(BenchResults results, Protocol protocol) {
    List<Row> rows = new ArrayList<>();
    for (int rate : results.plan().rates()) {
      String run = String.format(Locale.ROOT, "%,d rps", rate);
      for (int i = 0; i < PERCENTILES.size(); i++) {
        int k = i;
        rows.add(
            row(
                PERCENTILES.get(i) + " latency",
                run,
                "ms",
                id -> Comparisons.latency(results, id, protocol, rate).map(v -> v[k])));
      }
      rows.addAll(cpuRows(run, id -> Comparisons.run(results, id, protocol, rate)));
    }
    rows.add(
        row(
            "throughput",
            "max",
            "rps",
            id ->
                Comparisons.closed(results, id, protocol)
                    .map(RunResult::load)
                    .map(LoadResult::achievedRate)));
    rows.addAll(cpuRows("max", id -> Comparisons.closed(results, id, protocol)));
    return rows;
  }

  private static List<Row> cpuRows(String run, Function<String, Optional<RunResult>> runOf) {
    Row proxies =
        row(
            "CPU of the proxies",
            run,
            "CPU s / 1k req",
            id ->
                id.equals(Comparisons.DIRECT)
                    ? Optional.empty()
                    : runOf.apply(id).flatMap(MtlsCost::proxiesCpu));
    Row all =
        row(
            "CPU of everything under test",
            run,
            "CPU s / 1k req",
            id -> runOf.apply(id).flatMap(MtlsCost::allCpu));
    return List.of(proxies, all);
  }

  private static Row row(
      String measure, String run, String unit, Function<String, Optional<Double>> figure) {
    return new Row(
        measure,
        run,
        unit,
        figure.apply(Comparisons.DIRECT).orElse(null),
        figure.apply(Comparisons.MESH_PAIR).orElse(null),
        figure.apply(Comparisons.MESH_PAIR_MTLS).orElse(null));
  }

  /** CPU seconds per 1,000 requests of the run's proxies, summed; empty when it had none. */
  static Optional<Double> proxiesCpu(RunResult run) {
    List<ProcessUsage> proxies =
        run.usage().stream().filter(u -> u.name().contains("proxy")).toList();
    return proxies.isEmpty()
        ? Optional.empty()
        : Optional.of(proxies.stream().mapToDouble(ProcessUsage::cpuSecondsPer1000).sum());
  }

  /** CPU seconds per 1,000 requests of every process measured in the run (backend included). */
  static Optional<Double> allCpu(RunResult run) {
    return run.usage().isEmpty()
        ? Optional.empty()
        : Optional.of(run.usage().stream().mapToDouble(ProcessUsage::cpuSecondsPer1000).sum());
  }
}
