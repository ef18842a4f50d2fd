package dev.meshctl.bench.report;

import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.results.HandshakeResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code bench/handshakes} prints at the end of a run: one line per worker and variant,
 * then each mTLS variant against the plaintext of its worker.
 */
public final class HandshakeTable {

  static final List<String> HEAD =
      List.of(
          "worker",
          "variant",
          "TLS by",
          "conns",
          "full hs",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "max ms",
          "conn/s",
          "CPU ms/conn",
          "client",
          "server",
          "conn/CPU s");

  private HandshakeTable() {}

  public static String render(HandshakeResults results) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEAD);
    for (HandshakeResult r : results.results()) {
      rows.add(cells(r));
    }
    StringBuilder out = new StringBuilder(aligned(rows));
    for (HandshakeComparison c : HandshakeComparison.of(results)) {
      out.append(summary(c)).append('\n');
    }
    return out.toString();
  }

  /** One result's cells, in {@link #HEAD}'s order. */
  static List<String> cells(HandshakeResult r) {
    boolean tls = r.tls();
    return List.of(
        r.worker(),
        r.variant(),
        tls ? r.provider() : "-",
        String.valueOf(r.connections()),
        tls ? String.valueOf(r.fullHandshakes()) : "-",
        ResultsMarkdown.number(r.p50Ms()),
        ResultsMarkdown.number(r.p90Ms()),
        ResultsMarkdown.number(r.p99Ms()),
        ResultsMarkdown.number(r.maxMs()),
        String.format(Locale.ROOT, "%.0f", r.connectionsPerSecond()),
        ResultsMarkdown.number(r.cpuMsPerConnection()),
        ResultsMarkdown.number(r.clientCpuMsPerConnection()),
        ResultsMarkdown.number(r.serverCpuMsPerConnection()),
        String.format(Locale.ROOT, "%.0f", r.connectionsPerCpuSecond()));
  }

  /** One line: an mTLS worker's ratios against its plaintext. */
  static String summary(HandshakeComparison c) {
    return String.format(
        Locale.ROOT,
        "%s %s / plaintext: p50 %.2fx (%+.3f ms), p99 %.2fx (%+.3f ms), CPU per connection"
            + " %.2fx (%+.3f ms: client %+.3f, server %+.3f), connections per CPU second %.2fx",
        c.mtls().worker(),
        c.mtls().variant(),
        c.p50Ratio(),
        c.addedP50Ms(),
        c.p99Ratio(),
        c.addedP99Ms(),
        c.cpuRatio(),
        c.addedCpuMs(),
        c.addedClientCpuMs(),
        c.addedServerCpuMs(),
        c.connectionsPerCpuSecondRatio());
  }

  private static String aligned(List<List<String>> rows) {
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
        out.append(i < 3 ? row.get(i) + gap : gap + row.get(i));
        out.append(i == row.size() - 1 ? "\n" : "  ");
      }
    }
    return out.toString();
  }
}
