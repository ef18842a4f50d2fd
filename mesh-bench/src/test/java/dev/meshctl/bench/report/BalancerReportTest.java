package dev.meshctl.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.meshctl.bench.load.Latency;
import dev.meshctl.bench.load.LoadModel;
import dev.meshctl.bench.load.LoadResult;
import dev.meshctl.bench.load.RequestError;
import dev.meshctl.bench.proc.Background;
import dev.meshctl.bench.proc.ProcessUsage;
import dev.meshctl.bench.proc.UsageMeter;
import dev.meshctl.bench.results.BalancerResults;
import dev.meshctl.bench.results.BalancerResults.Endpoint;
import dev.meshctl.bench.results.BalancerRun;
import dev.meshctl.bench.results.ConfigurationResult;
import dev.meshctl.bench.results.Environment;
import dev.meshctl.bench.run.BalancerPlan;
import dev.meshctl.bench.sut.ResponseCounts;
import dev.meshctl.bench.sut.Startup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slow endpoint's share, the ratios and the written files, from made-up results. */
class BalancerReportTest {

  private static final Endpoint FAST_1 = new Endpoint("fast-1", "127.0.0.1:9001", 0);
  private static final Endpoint FAST_2 = new Endpoint("fast-2", "127.0.0.1:9002", 0);
  private static final Endpoint SLOW = new Endpoint("slow", "127.0.0.1:9003", 50);

  @Test
  void slowShare_isTheSlowEndpointsPartOfTheCountedResponses() {
    BalancerResults results = results();

    assertThat(BalancerComparison.slowShare(results, results.run("peak-ewma").orElseThrow()))
        .isEqualTo(0.01, offset(1e-9));
    assertThat(BalancerComparison.slowShare(results, results.run("round-robin").orElseThrow()))
        .isEqualTo(1.0 / 3, offset(1e-9));
    assertThat(BalancerComparison.slowShare(results, BalancerRun.notRun("x", "why"))).isNaN();
  }

  @Test
  void ratios_areRoundRobinsPercentilesOverPeakEwmas() {
    double[] ratios = BalancerComparison.roundRobinOverPeakEwma(results()).orElseThrow();

    assertThat(ratios[0]).isEqualTo(1.2, offset(1e-9)); // p50 0.6 / 0.5
    assertThat(ratios[2]).isEqualTo(30.0, offset(1e-9)); // p99 60 / 2
  }

  @Test
  void ratios_needBothBalancers() {
    BalancerResults one =
        new BalancerResults(
            Instant.EPOCH,
            Instant.EPOCH,
            BalancerPlan.quick(),
            environment(),
            List.of(FAST_1, SLOW),
            List.of(run("peak-ewma", 0.5, 2.0, 990, 10), BalancerRun.notRun("round-robin", "x")));

    assertThat(BalancerComparison.roundRobinOverPeakEwma(one)).isEmpty();
  }

  @Test
  void markdown_givesTheSharesAndRatios_andTheConditions() {
    String md = BalancerMarkdown.render(results());

    assertThat(md)
        .contains("| P2C over PeakEWMA (`peak-ewma`) | 500 | 0 | 0.500 |")
        .contains("1.0% (40 of 4,000)")
        .contains("33.3% (1,333 of 3,999)")
        .contains("| round robin / P2C over PeakEWMA | 1.20x |")
        .contains("**p50 1.20x, p99 30.00x.**")
        .contains("**slow** (127.0.0.1:9003, adds 50.0 ms to every answer)")
        .contains("**500 rps for 8 s**")
        .contains("CPU 0")
        .contains("CPU 1")
        .contains("| 0.020 | 2% / 3% |")
        .contains("| P2C over PeakEWMA (`peak-ewma`) | 0.200 | 0.050 | 0.050 | 0.025 |");
  }

  @Test
  void json_carriesTheRunsSharesAndRatios() {
    String json = BalancerJson.render(results());

    assertThat(json)
        .contains("\"schema\": \"mesh-bench-balancer/1\"")
        .contains("\"roundRobinOverPeakEwma\"")
        .contains("\"127.0.0.1:9003\": 1333");
  }

  @Test
  void table_hasALinePerBalancer_andTheRatios() {
    String table = BalancerTable.render(results());

    assertThat(table.lines())
        .hasSize(4)
        .anySatisfy(line -> assertThat(line).startsWith("peak-ewma").endsWith("1.0%"))
        .anySatisfy(line -> assertThat(line).startsWith("round-robin").endsWith("33.3%"));
    assertThat(table).contains("round-robin / peak-ewma: p50 1.20x, p90 1.20x, p99 30.00x");
  }

  private static BalancerResults results() {
    return new BalancerResults(
        Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:02:00Z"),
        BalancerPlan.quick(),
        environment(),
        List.of(FAST_1, FAST_2, SLOW),
        List.of(run("peak-ewma", 0.5, 2.0, 1980, 40), run("round-robin", 0.6, 60.0, 1333, 1333)));
  }

  /**
   * A run whose fast endpoints share {@code fast} responses and whose slow one gave {@code slow}.
   */
  private static BalancerRun run(String balancer, double p50, double p99, long fast, long slow) {
    LoadResult result =
        new LoadResult(
            LoadModel.OPEN,
            500,
            0,
            8,
            4_000,
            4_000,
            Map.<RequestError, Long>of(),
            Map.<String, Long>of(),
            500,
            new Latency(p50, p50 * 2, p99, p99 * 2, p99 * 3),
            0.02,
            "");
    ResponseCounts responses =
        new ResponseCounts(
            Map.of(FAST_1.address(), fast, FAST_2.address(), fast, SLOW.address(), slow));
    return new BalancerRun(
        balancer,
        null,
        new Startup("proxy " + balancer, 300, true),
        new ConfigurationResult.Warmup(6, List.of(5000.0, 5100.0, 5050.0), true),
        result,
        responses,
        new UsageMeter.Usage(
            List.of(
                new ProcessUsage("proxy", 0.8, 0.2, 40, false),
                new ProcessUsage("backend fast-1", 0.2, 0.05, 30, false),
                new ProcessUsage("backend fast-2", 0.2, 0.05, 30, false),
                new ProcessUsage("backend slow", 0.1, 0.025, 30, false)),
            new Background(0.02, 0.03)));
  }

  private static Environment environment() {
    return new Environment(
        "test CPU",
        2,
        "6.1",
        "openjdk 17",
        "not installed",
        "not installed",
        "mesh-proxy.jar",
        "0123456789abcdef",
        "commit abc",
        "0",
        "1",
        "0.10 0.20 0.30",
        List.of("-Xmx32m"),
        List.of(),
        List.of());
  }
}
