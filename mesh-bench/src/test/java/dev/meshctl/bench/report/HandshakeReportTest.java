package dev.meshctl.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.results.HandshakeResults;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench/handshakes' ratios against plaintext, and what it prints and writes. */
class HandshakeReportTest {

  @Test
  void eachMtlsVariant_isComparedWithThePlaintextOfItsOwnWorker() {
    List<HandshakeComparison> comparisons = HandshakeComparison.of(results());

    assertThat(comparisons)
        .extracting(c -> c.mtls().worker() + " " + c.mtls().variant())
        .containsExactly("boringssl mtls-full", "jdk mtls-full");
    HandshakeComparison boring = comparisons.get(0);
    assertThat(boring.plaintext().p50Ms()).isEqualTo(0.2);
    assertThat(boring.p50Ratio()).isEqualTo(5.0, within(1e-9));
    assertThat(boring.addedP50Ms()).isEqualTo(0.8, within(1e-9));
    assertThat(boring.p99Ratio()).isEqualTo(4.0, within(1e-9));
    // CPU: 2,000 connections in 0.8 s of process CPU against 4.0 s
    assertThat(boring.cpuRatio()).isEqualTo(5.0, within(1e-9));
    assertThat(boring.addedCpuMs()).isEqualTo(1.6, within(1e-9));
    assertThat(boring.connectionsPerCpuSecondRatio()).isEqualTo(0.2, within(1e-9));
    assertThat(boring.addedClientCpuMs()).isEqualTo(0.75, within(1e-9));
    assertThat(boring.addedServerCpuMs()).isEqualTo(0.6, within(1e-9));
    HandshakeComparison jdk = comparisons.get(1);
    assertThat(jdk.plaintext().p50Ms()).isEqualTo(0.25); // its own worker's, not boringssl's
    assertThat(jdk.p50Ratio()).isEqualTo(12.0, within(1e-9));
  }

  @Test
  void resultLines_roundTrip() {
    HandshakeResult r = results().results().get(1);

    HandshakeResult back = HandshakeResult.parse(r.toLine());

    assertThat(back).isEqualTo(r);
    assertThat(back.connectionsPerSecond()).isEqualTo(2_000 / 2.5, within(1e-9));
    assertThat(back.connectionsPerCpuSecond()).isEqualTo(500.0, within(1e-9));
  }

  @Test
  void table_andMarkdown_giveEveryRunAndTheRatios() {
    String table = HandshakeTable.render(results());
    assertThat(table)
        .contains("conn/CPU s")
        .contains(
            "boringssl mtls-full / plaintext: p50 5.00x (+0.800 ms), p99 4.00x (+1.500 ms), CPU"
                + " per connection 5.00x (+1.600 ms: client +0.750, server +0.600), connections"
                + " per CPU second 0.20x");

    String md = HandshakeMarkdown.render(results());
    assertThat(md).contains("| boringssl | mtls-full | OPENSSL | 2000 | 2000 |");
    assertThat(md).contains("| jdk | mtls-full | JDK | 12.00x (+2.750 ms)");

    String json = HandshakeJson.render(results());
    assertThat(json).contains("\"schema\": \"mesh-bench-handshakes/1\"");
    assertThat(json).contains("\"connectionsPerCpuSecondRatio\": 0.2");
  }

  private static HandshakeResults results() {
    return new HandshakeResults(
        Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:03:00Z"),
        3_000,
        4,
        "1",
        List.of("-XX:+UseSerialGC"),
        "test CPU, 2 CPUs",
        "0.1 0.2 0.3",
        List.of(
            result("boringssl", "plaintext", "none", 0, 0.2, 0.5, 0.5, 0.2, 0.15, 0.8),
            result("boringssl", "mtls-full", "OPENSSL", 2_000, 1.0, 2.0, 2.5, 1.7, 1.35, 4.0),
            result("jdk", "plaintext", "none", 0, 0.25, 0.6, 0.5, 0.2, 0.15, 0.8),
            result("jdk", "mtls-full", "JDK", 2_000, 3.0, 5.0, 6.0, 4.0, 3.5, 8.0)));
  }

  private static HandshakeResult result(
      String worker,
      String variant,
      String provider,
      long full,
      double p50,
      double p99,
      double wall,
      double clientCpu,
      double serverCpu,
      double processCpu) {
    return new HandshakeResult(
        worker,
        variant,
        provider,
        provider.equals("none")
            ? "h2c (prior knowledge)"
            : "TLSv1.3 TLS_AES_128_GCM_SHA256, ALPN h2",
        2_000,
        full,
        p50,
        (p50 + p99) / 2,
        p99,
        p99 * 2,
        p50 * 1.1,
        wall,
        clientCpu,
        serverCpu,
        processCpu);
  }
}
