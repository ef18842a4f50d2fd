package dev.meshctl.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meshctl.bench.load.Latency;
import dev.meshctl.bench.load.LoadModel;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.load.RequestError;
import dev.meshctl.bench.proc.Background;
import dev.meshctl.bench.proc.ProcessUsage;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ConfigurationResult;
import dev.meshctl.bench.results.Environment;
import dev.meshctl.bench.results.ProtocolResult;
import dev.meshctl.bench.results.RunResult;
import dev.meshctl.bench.run.BenchPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** mTLS's added cost: the mTLS pair against the plaintext pair and direct, known answers. */
class MtlsCostTest {

  private static final List<Protocol> HTTP1 = List.of(Protocol.HTTP1);

  @Test
  void latency_isComparedPercentileByPercentile_atEachRate() {
    List<MtlsCost.Row> rows = MtlsCost.rows(results(true), Protocol.HTTP1);

    MtlsCost.Row p50 = row(rows, r -> r.measure().equals("p50 latency"));
    assertThat(p50.run()).isEqualTo("1,000 rps");
    assertThat(p50.direct()).isEqualTo(0.10);
    assertThat(p50.plaintext()).isEqualTo(0.25);
    assertThat(p50.mtls()).isEqualTo(0.30);
    assertThat(p50.mtlsMinusPlaintext()).isEqualTo(0.05, within(1e-9));
    assertThat(p50.mtlsOverPlaintext()).isEqualTo(1.2, within(1e-9));
    assertThat(p50.mtlsOverDirect()).isEqualTo(3.0, within(1e-9));
    assertThat(p50.plaintextOverDirect()).isEqualTo(2.5, within(1e-9));
    MtlsCost.Row p99 = row(rows, r -> r.measure().equals("p99 latency"));
    assertThat(p99.mtlsOverPlaintext()).isEqualTo(1.0 / 0.8, within(1e-9));
  }

  @Test
  void throughput_isTheClosedLoopRate() {
    MtlsCost.Row max =
        row(MtlsCost.rows(results(true), Protocol.HTTP1), r -> r.measure().equals("throughput"));

    assertThat(max.run()).isEqualTo("max");
    assertThat(max.mtlsOverPlaintext()).isEqualTo(7_200.0 / 9_000, within(1e-9));
    assertThat(max.mtlsOverDirect()).isEqualTo(7_200.0 / 20_000, within(1e-9));
  }

  @Test
  void cpu_ofTheProxiesIsSummed_andEverythingUnderTestIncludesTheBackend() {
    List<MtlsCost.Row> rows = MtlsCost.rows(results(true), Protocol.HTTP1);

    MtlsCost.Row proxies =
        row(rows, r -> r.measure().equals("CPU of the proxies") && r.run().equals("1,000 rps"));
    assertThat(proxies.direct()).isNull(); // no proxy
    assertThat(proxies.plaintext()).isEqualTo(0.2 + 0.1, within(1e-9));
    assertThat(proxies.mtls()).isEqualTo(0.3 + 0.15, within(1e-9));
    assertThat(proxies.mtlsOverPlaintext()).isEqualTo(1.5, within(1e-9));
    assertThat(proxies.mtlsOverDirect()).isNull();

    MtlsCost.Row all =
        row(rows, r -> r.measure().equals("CPU of everything under test") && r.run().equals("max"));
    assertThat(all.direct()).isEqualTo(0.05, within(1e-9));
    assertThat(all.plaintext()).isEqualTo(0.3 + 0.05, within(1e-9));
    assertThat(all.mtlsOverDirect()).isEqualTo((0.45 + 0.05) / 0.05, within(1e-9));
  }

  @Test
  void markdown_showsTheComparison_orSaysWhyNot() {
    String md = ResultsMarkdown.render(results(true), HTTP1);
    assertThat(md).contains("### mTLS's added cost");
    assertThat(md)
        .contains(
            "| p50 latency | 1,000 rps | ms | 0.100 | 0.250 | 0.300 | +0.050 | 1.20x | 3.00x |"
                + " 2.50x |");
    assertThat(md).contains("| CPU of the proxies | 1,000 rps | CPU s / 1k req | n/a |");

    String without = ResultsMarkdown.render(results(false), HTTP1);
    assertThat(without).contains("Not measured: it needs both mesh pairs to have run");
  }

  @Test
  void json_carriesTheRowsWithTheirRatios() {
    String json = ResultsJson.render(results(true), HTTP1);

    assertThat(json).contains("\"mtlsCost\"").contains("\"mtlsOverPlaintext\": 1.2");
    assertThat(ResultsJson.render(results(false), HTTP1)).doesNotContain("\"mtlsCost\"");
  }

  private static MtlsCost.Row row(List<MtlsCost.Row> rows, Predicate<MtlsCost.Row> which) {
    return rows.stream().filter(which).findFirst().orElseThrow();
  }

  private static BenchResults results(boolean mtlsRan) {
    ConfigurationResult mtls =
        mtlsRan
            ? config("mesh-pair-mtls", 0.30, 1.00, 7_200, List.of(0.3, 0.15))
            : ConfigurationResult.notRun(
                "mesh-pair-mtls", "mesh pair, mTLS", "client -> ...", "failed to start");
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
            List.of("-Xmx32m"),
            List.of(),
            List.of()),
        List.of(),
        List.of(
            config("direct", 0.10, 0.20, 20_000, List.of()),
            config("mesh-pair", 0.25, 0.80, 9_000, List.of(0.2, 0.1)),
            mtls));
  }

  /**
   * @param proxyCpu CPU s per 1k requests of each proxy (the same in every run); the backend always
   *     uses 0.05
   */
  private static ConfigurationResult config(
      String id, double p50, double p99, double maxRps, List<Double> proxyCpu) {
    List<ProcessUsage> usage = new java.util.ArrayList<>();
    for (int i = 0; i < proxyCpu.size(); i++) {
      String name = id + (i == 0 ? " outbound proxy" : " inbound proxy");
      usage.add(new ProcessUsage(name, proxyCpu.get(i), proxyCpu.get(i), 30, false));
    }
    usage.add(new ProcessUsage("backend", 0.05, 0.05, 40, false));
    Background quiet = new Background(0.01, 0.01);
    RunResult open =
        new RunResult(
            load(LoadModel.OPEN, 1_000, 0, 1_000, new Latency(p50, p50 * 2, p99, p99 * 2, p99 * 3)),
            usage,
            quiet);
    RunResult closed =
        new RunResult(
            load(LoadModel.CLOSED, 0, 16, maxRps, new Latency(1, 2, 3, 4, 5)), usage, quiet);
    return new ConfigurationResult(
        id,
        id,
        "client -> ...",
        null,
        new ConfigurationResult.Warmup(4, List.of(maxRps), true),
        List.of(new ProtocolResult(Protocol.HTTP1, null, List.of(open, closed))),
        Map.of());
  }

  private static LoadResult load(
      LoadModel model, int rate, int concurrency, double achieved, Latency latency) {
    return new LoadResult(
        model,
        rate,
        concurrency,
        4,
        (long) achieved * 4,
        (long) achieved * 4,
        Map.<RequestError, Long>of(),
        Map.<String, Long>of(),
        achieved,
        latency,
        0.01,
        "");
  }
}
