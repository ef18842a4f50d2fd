package dev.meshctl.bench.report;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.proc.ProcessUsage;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ProtocolResult;
import dev.meshctl.bench.results.RunResult;
import dev.meshctl.bench.sut.Startup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The targets the mesh is going for, tracked from one run to the next, each measured in the same
 * run as its reference: mesh pair added latency at 1,000 rps (p50 at most 0.2 ms, p99 at most 0.5
 * ms), p99 at or below nginx two hops, maximum throughput at least nginx two hops', proxy resident
 * set under load at most 48 MiB, start to ready at most 300 ms.
 */
public final class Targets {

  /** The rate the latency targets are set at. */
  public static final int RATE = 1_000;

  static final double ADDED_P50_MS = 0.2;
  static final double ADDED_P99_MS = 0.5;
  static final double RSS_MIB = 48;
  static final double READY_MS = 300;

  private static final String MESH = "mesh-pair";
  private static final String PEER = "nginx-two-hops";

  private Targets() {}

  /** Every target, per protocol where it depends on one. */
  public static List<TargetCheck> check(BenchResults results, List<Protocol> protocols) {
    List<TargetCheck> checks = new ArrayList<>();
    for (Protocol p : protocols) {
      Optional<double[]> added = Comparisons.addedOverDirect(results, MESH, p, RATE);
      checks.add(
          atMost(
              "mesh-pair-added-p50",
              "mesh pair added p50 at 1,000 rps <= 0.2 ms",
              p,
              added.map(a -> a[0]),
              ADDED_P50_MS,
              "ms"));
      checks.add(
          atMost(
              "mesh-pair-added-p99",
              "mesh pair added p99 at 1,000 rps <= 0.5 ms",
              p,
              added.map(a -> a[2]),
              ADDED_P99_MS,
              "ms"));
      Optional<double[]> peer = Comparisons.latency(results, PEER, p, RATE);
      Optional<double[]> mesh = Comparisons.latency(results, MESH, p, RATE);
      checks.add(
          compare(
              "mesh-pair-p99-vs-nginx",
              "mesh pair p99 at 1,000 rps <= nginx two hops p99",
              p,
              mesh.map(m -> m[2]),
              peer.map(n -> n[2]),
              "ms",
              true));
      checks.add(
          compare(
              "mesh-pair-max-throughput-vs-nginx",
              "mesh pair max throughput >= nginx two hops",
              p,
              Comparisons.closed(results, MESH, p).map(r -> r.load().achievedRate()),
              Comparisons.closed(results, PEER, p).map(r -> r.load().achievedRate()),
              "rps",
              false));
      checks.add(
          atMost(
              "proxy-rss-under-load",
              "proxy RSS under load <= 48 MiB (highest of any mesh proxy, any run)",
              p,
              proxyPeakRss(results, p),
              RSS_MIB,
              "MiB"));
    }
    Optional<Double> ready =
        results.startups().stream()
            .filter(Startup::classDataSharing)
            .map(Startup::readyMillis)
            .max(Double::compare);
    TargetCheck readyCheck =
        atMost(
            "start-to-ready",
            "start to ready <= 300 ms (slowest start with the CDS archive, the shipped default)",
            null,
            ready,
            READY_MS,
            "ms");
    checks.add(readyCheck);
    return checks;
  }

  private static Optional<Double> proxyPeakRss(BenchResults results, Protocol protocol) {
    return results.configurations().stream()
        .filter(c -> c.id().startsWith("mesh-") && c.notRun() == null)
        .flatMap(c -> c.protocol(protocol).stream())
        .map(ProtocolResult::runs)
        .flatMap(List::stream)
        .map(RunResult::usage)
        .flatMap(List::stream)
        .filter(u -> u.name().contains("proxy"))
        .map(ProcessUsage::peakRssMib)
        .max(Double::compare);
  }

  private static TargetCheck atMost(
      String id,
      String description,
      Protocol protocol,
      Optional<Double> measured,
      double limit,
      String unit) {
    return new TargetCheck(
        id,
        description,
        protocol,
        measured.orElse(null),
        unit,
        limit,
        measured.map(m -> m <= limit).orElse(null),
        measured.isPresent() ? null : "not measured: the runs it needs did not run");
  }

  private static TargetCheck compare(
      String id,
      String description,
      Protocol protocol,
      Optional<Double> mesh,
      Optional<Double> peer,
      String unit,
      boolean lowerIsBetter) {
    Boolean met =
        mesh.isPresent() && peer.isPresent()
            ? (lowerIsBetter ? mesh.get() <= peer.get() : mesh.get() >= peer.get())
            : null;
    return new TargetCheck(
        id,
        description,
        protocol,
        mesh.orElse(null),
        unit,
        peer.orElse(null),
        met,
        met == null ? "not measured: the runs it needs did not run" : "limit is nginx's figure");
  }
}
