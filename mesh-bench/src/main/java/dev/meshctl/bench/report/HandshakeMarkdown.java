package dev.meshctl.bench.report;

import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.results.HandshakeResults;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** results.md of {@code bench/handshakes}: the conditions, the table, the ratios, how to read. */
public final class HandshakeMarkdown {

  private HandshakeMarkdown() {}

  public static String render(HandshakeResults results) {
    StringBuilder out = new StringBuilder();
    Duration took = Duration.between(results.started(), results.finished());
    out.append(
        "# mesh-bench handshakes: a new connection between two proxies, plaintext and mTLS\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Run %s (%d min %02d s) on %s; load average at the start %s. Each worker (one JVM: a"
                + " client end and a server end, each on an event loop of its own) ran on CPU %s"
                + " (`taskset -c`), with `%s`.%n%n",
            results.started(),
            took.toMinutes(),
            took.toSecondsPart(),
            results.machine(),
            results.loadAverageAtStart(),
            results.cpus().isEmpty() ? "any" : results.cpus(),
            String.join(" ", results.workerJvmOptions())));
    out.append(
        String.format(
            Locale.ROOT,
            "Per worker and variant: %,d connections of warm-up (discarded), then the measured"
                + " ones in %d rounds taking the variants in turn (the order rotates each round)."
                + " Variants: *plaintext* (h2c); *mtls*, set up as the proxy's outbound side does"
                + " (the peer's identity as server name, and its port: a provider that keeps"
                + " sessions resumes one); *mtls-full*, without name and port, so that every"
                + " handshake is a full one. A connection is: connect"
                + " on loopback, the handshake (mTLS: the proxy's own `MeshTls`, TLS 1.3, ALPN h2,"
                + " both ends' certificates from a throwaway mesh CA), one HTTP/2 GET and its 1 KiB"
                + " response, close; the next starts when it is closed. Latency is from connect to"
                + " the response's last byte.%n%n",
            results.warmup(),
            results.rounds()));
    List<String> head = HandshakeTable.HEAD;
    row(out, head);
    out.append("|").append("---|".repeat(head.size())).append('\n');
    for (HandshakeResult r : results.results()) {
      row(out, HandshakeTable.cells(r));
    }
    out.append('\n');
    out.append("Negotiated: ");
    out.append(
        results.results().stream()
            .map(r -> r.worker() + " " + r.variant() + ": " + r.negotiated())
            .collect(Collectors.joining("; ")));
    out.append(".\n\n## mTLS against plaintext (same worker)\n\n");
    row(
        out,
        List.of(
            "worker",
            "variant",
            "TLS by",
            "p50",
            "p99",
            "CPU per connection",
            "client CPU added",
            "server CPU added",
            "connections per CPU s",
            "connections per s"));
    out.append("|").append("---|".repeat(10)).append('\n');
    for (HandshakeComparison c : HandshakeComparison.of(results)) {
      row(
          out,
          List.of(
              c.mtls().worker(),
              c.mtls().variant(),
              c.mtls().provider(),
              String.format(Locale.ROOT, "%.2fx (%+.3f ms)", c.p50Ratio(), c.addedP50Ms()),
              String.format(Locale.ROOT, "%.2fx (%+.3f ms)", c.p99Ratio(), c.addedP99Ms()),
              String.format(Locale.ROOT, "%.2fx (%+.3f ms)", c.cpuRatio(), c.addedCpuMs()),
              String.format(Locale.ROOT, "%+.3f ms", c.addedClientCpuMs()),
              String.format(Locale.ROOT, "%+.3f ms", c.addedServerCpuMs()),
              String.format(Locale.ROOT, "%.2fx", c.connectionsPerCpuSecondRatio()),
              String.format(Locale.ROOT, "%.2fx", c.connectionsPerSecondRatio())));
    }
    out.append('\n');
    out.append(
        "*full hs*: connections whose handshake carried the server's certificate (a full"
            + " handshake); the others resumed a TLS session. *CPU ms/conn*: CPU time of the whole"
            + " worker process per connection (both ends, GC and JIT included); *client* and"
            + " *server*: each end's event loop thread alone. *conn/CPU s*: connections one CPU"
            + " second pays for, both ends together. Ratios are mTLS over the plaintext measured by"
            + " the same worker.\n");
    out.append(
        "\nProcess CPU is read at the kernel's clock-tick resolution (10 ms) around each round;"
            + " the event loops' at nanoseconds. Other work on the machine lands in latency (and"
            + " in *other* time the tables cannot see): compare runs on a quiet machine.\n");
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
