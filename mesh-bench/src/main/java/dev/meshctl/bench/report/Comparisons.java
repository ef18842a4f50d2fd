package dev.meshctl.bench.report;

import dev.meshctl.bench.load.Latency;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ProtocolResult;
import dev.meshctl.bench.results.RunResult;
import java.util.List;
import java.util.Optional;

/**
 * The ratios the tables give next to each latency figure: what a configuration adds over the direct
 * baseline (the same percentile minus direct's, and as a multiple of direct's), and the mesh over
 * its nginx peer (the plain ratio of latencies, and the ratio of what each adds over direct, which
 * is the ratio of the two proxies' own costs).
 */
public final class Comparisons {

  /** The baseline's id. */
  public static final String DIRECT = "direct";

  /** The pair of proxies, plaintext between them: the reference of mTLS's added cost. */
  public static final String MESH_PAIR = "mesh-pair";

  /** The pair of proxies with mTLS between them. */
  public static final String MESH_PAIR_MTLS = "mesh-pair-mtls";

  /** A mesh configuration and the nginx configuration with the same number of hops. */
  public record Pairing(String mesh, String peer, String title) {}

  /** Every mesh-over-peer comparison, one hop first. */
  public static final List<Pairing> PAIRINGS =
      List.of(
          new Pairing("mesh-outbound", "nginx-one-hop", "mesh outbound / nginx one hop"),
          new Pairing("mesh-pair", "nginx-two-hops", "mesh pair / nginx two hops"),
          new Pairing("mesh-pair-mtls", "nginx-two-hops", "mesh pair mTLS / nginx two hops"));

  /** The percentiles compared, in table order. */
  public static final List<String> PERCENTILES = List.of("p50", "p90", "p99", "p99.9", "max");

  private Comparisons() {}

  /** p50, p90, p99, p99.9 and max of {@code latency}, in that order. */
  public static double[] values(Latency latency) {
    return new double[] {
      latency.p50(), latency.p90(), latency.p99(), latency.p999(), latency.max()
    };
  }

  /** The open-model run of {@code config} and {@code protocol} at {@code rate}. */
  public static Optional<RunResult> run(
      BenchResults results, String config, Protocol protocol, int rate) {
    return results
        .configuration(config)
        .flatMap(c -> c.protocol(protocol))
        .flatMap(p -> p.atRate(rate));
  }

  /** The closed-loop run of {@code config} and {@code protocol}. */
  public static Optional<RunResult> closed(BenchResults results, String config, Protocol protocol) {
    return results
        .configuration(config)
        .flatMap(c -> c.protocol(protocol))
        .flatMap(ProtocolResult::closed);
  }

  /** Latency of a run, when it had successes and no errors that make it meaningless. */
  public static Optional<double[]> latency(
      BenchResults results, String config, Protocol protocol, int rate) {
    return run(results, config, protocol, rate)
        .map(RunResult::load)
        .map(LoadResult::latency)
        .map(Comparisons::values);
  }

  /** Each percentile minus direct's at the same protocol and rate, ms. */
  public static Optional<double[]> addedOverDirect(
      BenchResults results, String config, Protocol protocol, int rate) {
    Optional<double[]> direct = latency(results, DIRECT, protocol, rate);
    return latency(results, config, protocol, rate)
        .flatMap(x -> direct.map(d -> combine(x, d, (a, b) -> a - b)));
  }

  /** Each percentile as a multiple of direct's. */
  public static Optional<double[]> timesDirect(
      BenchResults results, String config, Protocol protocol, int rate) {
    Optional<double[]> direct = latency(results, DIRECT, protocol, rate);
    return latency(results, config, protocol, rate)
        .flatMap(x -> direct.map(d -> combine(x, d, (a, b) -> a / b)));
  }

  /** Mesh latency over its peer's, percentile by percentile. */
  public static Optional<double[]> meshOverPeer(
      BenchResults results, Pairing pairing, Protocol protocol, int rate) {
    Optional<double[]> peer = latency(results, pairing.peer(), protocol, rate);
    return latency(results, pairing.mesh(), protocol, rate)
        .flatMap(m -> peer.map(p -> combine(m, p, (a, b) -> a / b)));
  }

  /**
   * What the mesh adds over direct, over what its peer adds: the proxies' own cost compared. NaN
   * where either adds nothing measurable (not above direct), since the ratio means nothing then.
   */
  public static Optional<double[]> addedMeshOverPeer(
      BenchResults results, Pairing pairing, Protocol protocol, int rate) {
    Optional<double[]> peer = addedOverDirect(results, pairing.peer(), protocol, rate);
    return addedOverDirect(results, pairing.mesh(), protocol, rate)
        .flatMap(m -> peer.map(p -> combine(m, p, (a, b) -> a > 0 && b > 0 ? a / b : Double.NaN)));
  }

  /** Whether a configuration exists in the results and ran. */
  static boolean ran(BenchResults results, String config) {
    return results.configuration(config).filter(c -> c.notRun() == null).isPresent();
  }

  private interface Op {
    double apply(double a, double b);
  }

  private static double[] combine(double[] a, double[] b, Op op) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = op.apply(a[i], b[i]);
    }
    return out;
  }
}
