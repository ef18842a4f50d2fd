package dev.meshctl.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.bench.load.Latency;
import dev.meshctl.bench.load.LoadModel;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.RequestError;
import dev.meshctl.bench.proc.Background;
import dev.meshctl.bench.proc.Memory;
import dev.meshctl.bench.proc.ProcessUsage;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ConfigurationResult;
import dev.meshctl.bench.results.Environment;
import dev.meshctl.bench.results.ProtocolResult;
import dev.meshctl.bench.results.RunResult;
import dev.meshctl.bench.run.BenchPlan;
import dev.meshctl.bench.sut.Startup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ratios, targets and the written files, from made-up results with known answers. */
class ResultsReportTest {

  private static final List<Protocol> HTTP1 = List.of(Protocol.HTTP1);

  @Test
  void addedLatency_isThePercentileMinusDirects_andMeshOverNginxIsTheirRatio() {
    BenchResults results = results();

    double[] added =
        Comparisons.addedOverDirect(results, "mesh-pair", Protocol.HTTP1, 1_000).orElseThrow();
    double[] overNginx =
        Comparisons.meshOverPeer(results, Comparisons.PAIRINGS.get(1), Protocol.HTTP1, 1_000)
            .orElseThrow();
    double[] addedOverNginx =
        Comparisons.addedMeshOverPeer(results, Comparisons.PAIRINGS.get(1), Protocol.HTTP1, 1_000)
            .orElseThrow();

    assertThat(added[0]).isEqualTo(0.15, within());
    assertThat(added[2]).isEqualTo(0.60, within());
    assertThat(overNginx[0]).isEqualTo(0.25 / 0.30, within());
    assertThat(addedOverNginx[0]).isEqualTo(0.15 / 0.20, within());
  }

  @Test
  void targets_areCheckedAgainstTheirLimits_andAgainstNginxInTheSameRun() {
    Map<String, TargetCheck> checks =
        Targets.check(results(), HTTP1).stream().collect(Collectors.toMap(TargetCheck::id, c -> c));

    assertThat(checks.get("mesh-pair-added-p50").met()).isTrue(); // 0.15 <= 0.2
    assertThat(checks.get("mesh-pair-added-p99").met()).isFalse(); // 0.60 > 0.5
    assertThat(checks.get("mesh-pair-p99-vs-nginx").met()).isTrue(); // 0.80 <= 0.90
    assertThat(checks.get("mesh-pair-max-throughput-vs-nginx").met()).isFalse(); // 9k < 10k
    assertThat(checks.get("proxy-rss-under-load").measured()).isEqualTo(40.0);
    assertThat(checks.get("proxy-rss-under-load").met()).isTrue();
    assertThat(checks.get("start-to-ready").measured()).isEqualTo(250.0); // CDS starts only
    assertThat(checks.get("start-to-ready").met()).isTrue();
  }

  @Test
  void markdown_listsEveryConfiguration_andSaysWhatWasNotRunAndWhy() {
    String md = ResultsMarkdown.render(results(), HTTP1);

    assertThat(md).contains("| mesh pair, plaintext | 1,000 | 1000 | 0.250 |");
    assertThat(md).contains("+0.150 (2.50x)");
    assertThat(md).contains("**mesh pair, mTLS**: waits for identity");
    assertThat(md).contains("taskset -c 0").contains("taskset -c 1");
    assertThat(md).contains("-Xmx32m");
  }

  @Test
  void json_carriesRunsComparisonsAndTargets() {
    String json = ResultsJson.render(results(), HTTP1);

    assertThat(json).startsWith("{").contains("\"schema\": \"mesh-bench/1\"");
    assertThat(json).contains("\"protocol\": \"http1\"").contains("\"targetRate\": 1000");
    assertThat(json).contains("\"addedOverDirectMs\"").contains("\"mesh-pair/nginx-two-hops\"");
    assertThat(json).contains("\"id\": \"start-to-ready\"");
    assertThat(json).contains("\"notRun\": \"waits for identity\"");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  private static BenchResults results() {
    return new BenchResults(
        Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:04:00Z"),
        BenchPlan.quick(),
        new Environment(
            "test CPU",
            2,
            "6.1",
            "openjdk 17",
            "nginx/1.22.1",
            "HAProxy 2.6",
            "mesh-proxy.jar",
            "0123456789abcdef",
            "commit abc",
            "0",
            "1",
            "0.10 0.20 0.30",
            List.of("-XX:+UseSerialGC", "-Xmx32m"),
            List.of(),
            List.of()),
        List.of(new Startup("first start", 900, false), new Startup("outbound proxy", 250, true)),
        List.of(
            config("direct", 0.10, 0.20, 20_000, 0),
            config("mesh-pair", 0.25, 0.80, 9_000, 40),
            ConfigurationResult.notRun(
                "mesh-pair-mtls", "mesh pair, mTLS", "client -> ...", "waits for identity"),
            config("nginx-two-hops", 0.30, 0.90, 10_000, 12)));
  }

  private static ConfigurationResult config(
      String id, double p50, double p99, double maxRps, double rssMib) {
    String title = id.equals("mesh-pair") ? "mesh pair, plaintext" : id;
    List<ProcessUsage> usage =
        rssMib > 0
            ? List.of(new ProcessUsage(id + " outbound proxy", 1.0, 0.2, rssMib, false))
            : List.of();
    Background quiet = new Background(0.01, 0.01);
    RunResult open =
        new RunResult(
            new LoadResult(
                LoadModel.OPEN,
                1_000,
                0,
                5,
                5_000,
                5_000,
                Map.<RequestError, Long>of(),
                Map.<String, Long>of(),
                1_000,
                new Latency(p50, p50 * 2, p99, p99 * 2, p99 * 3),
                0.01,
                ""),
            usage,
            quiet);
    RunResult closed =
        new RunResult(
            new LoadResult(
                LoadModel.CLOSED,
                0,
                16,
                3,
                (long) maxRps * 3,
                (long) maxRps * 3,
                Map.<RequestError, Long>of(),
                Map.<String, Long>of(),
                maxRps,
                new Latency(1, 2, 3, 4, 5),
                0,
                ""),
            usage,
            quiet);
    return new ConfigurationResult(
        id,
        title,
        "client -> ...",
        null,
        new ConfigurationResult.Warmup(4, List.of(maxRps, maxRps), true),
        List.of(new ProtocolResult(Protocol.HTTP1, null, List.of(open, closed))),
        Map.of(id + " outbound proxy", new Memory(rssMib, rssMib, rssMib, 0)));
  }
}
