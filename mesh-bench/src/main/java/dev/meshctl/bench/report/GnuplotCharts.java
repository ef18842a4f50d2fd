package dev.meshctl.bench.report;

import dev.meshctl.bench.load.Protocol;
import dev.meshctl.bench.results.BenchResults;
import dev.meshctl.bench.results.ConfigurationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes the charts as a gnuplot script with its data files (in {@code charts/}); {@code bench/run}
 * runs gnuplot on it to make the PNGs in the results directory:
 *
 * <ul>
 *   <li>{@code latency-<protocol>-<rate>rps.png}: p50, p90, p99, p99.9 per configuration at one
 *       rate (log scale);
 *   <li>{@code p99-by-rate-<protocol>.png}: p99 against rate per configuration (with two or more
 *       rates);
 *   <li>{@code max-throughput.png}: closed-loop throughput per configuration and protocol.
 * </ul>
 */
public final class GnuplotCharts {

  private static final String TERMINAL =
      "set terminal pngcairo size 1100,600 noenhanced font 'sans,10'\n";

  private final BenchResults results;
  private final List<Protocol> protocols;
  private final Path dir;
  private final StringBuilder script = new StringBuilder();

  private GnuplotCharts(BenchResults results, List<Protocol> protocols, Path dir) {
    this.results = results;
    this.protocols = protocols;
    this.dir = dir;
  }

  /** Writes {@code charts/charts.gp} and its data under {@code out}; returns the script's path. */
  public static Path write(BenchResults results, List<Protocol> protocols, Path out)
      throws IOException {
    Path dir = out.resolve("charts");
    Files.createDirectories(dir);
    GnuplotCharts charts = new GnuplotCharts(results, protocols, dir);
    charts.script.append("# Made by mesh-bench: run with `gnuplot charts.gp` in this directory.\n");
    charts.script.append(TERMINAL).append("set datafile missing '?'\n");
    for (Protocol p : protocols) {
      for (int rate : results.plan().rates()) {
        charts.latencyAtRate(p, rate);
      }
      if (results.plan().rates().size() > 1) {
        charts.p99ByRate(p);
      }
    }
    charts.throughput();
    Path gp = dir.resolve("charts.gp");
    Files.writeString(gp, charts.script);
    return gp;
  }

  private List<ConfigurationResult> ran() {
    return results.configurations().stream().filter(c -> c.notRun() == null).toList();
  }

  private void latencyAtRate(Protocol protocol, int rate) throws IOException {
    StringBuilder data = new StringBuilder("# configuration p50 p90 p99 p99.9 (ms)\n");
    int rows = 0;
    for (ConfigurationResult c : ran()) {
      Optional<double[]> v = Comparisons.latency(results, c.id(), protocol, rate);
      if (v.isPresent()) {
        double[] x = v.get();
        data.append(
            String.format(
                Locale.ROOT, "\"%s\" %.4f %.4f %.4f %.4f%n", c.title(), x[0], x[1], x[2], x[3]));
        rows++;
      }
    }
    if (rows == 0) {
      return;
    }
    String name = "latency-%s-%drps".formatted(protocol.id(), rate);
    Files.writeString(dir.resolve(name + ".dat"), data);
    script.append(
        """

        reset
        %sset datafile missing '?'
        set output '../%s.png'
        set title "%s at %,d rps: latency percentiles from intended send time (ms, log scale)"
        set style data histogram
        set style histogram clustered gap 1
        set style fill solid 0.85 border -1
        set logscale y
        set ylabel 'ms'
        set grid ytics
        set key top left
        set xtics rotate by -15
        plot '%s.dat' using 2:xtic(1) title 'p50', '' using 3 title 'p90', \\
             '' using 4 title 'p99', '' using 5 title 'p99.9'
        """
            .formatted(TERMINAL, name, protocol.title(), rate, name));
  }

  private void p99ByRate(Protocol protocol) throws IOException {
    List<ConfigurationResult> configs = ran();
    StringBuilder data = new StringBuilder("# rate");
    configs.forEach(c -> data.append(" \"").append(c.title()).append('"'));
    data.append('\n');
    for (int rate : results.plan().rates()) {
      data.append(rate);
      for (ConfigurationResult c : configs) {
        data.append(' ')
            .append(
                Comparisons.latency(results, c.id(), protocol, rate)
                    .map(v -> String.format(Locale.ROOT, "%.4f", v[2]))
                    .orElse("?"));
      }
      data.append('\n');
    }
    String name = "p99-by-rate-" + protocol.id();
    Files.writeString(dir.resolve(name + ".dat"), data);
    List<String> plots = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      plots.add(
          "'%s.dat' using 1:%d with linespoints title '%s'"
              .formatted(name, i + 2, configs.get(i).title()));
    }
    script.append(
        """

        reset
        %sset datafile missing '?'
        set output '../%s.png'
        set title "%s: p99 latency by offered rate (ms, log scale)"
        set logscale y
        set xlabel 'offered rate (requests per second)'
        set ylabel 'p99 ms'
        set grid
        set key top left
        plot %s
        """
            .formatted(TERMINAL, name, protocol.title(), String.join(", \\\n     ", plots)));
  }

  private void throughput() throws IOException {
    StringBuilder data = new StringBuilder("# configuration");
    protocols.forEach(p -> data.append(' ').append(p.id()));
    data.append(" (requests per second, closed loop)\n");
    for (ConfigurationResult c : ran()) {
      data.append('"').append(c.title()).append('"');
      for (Protocol p : protocols) {
        data.append(' ')
            .append(
                Comparisons.closed(results, c.id(), p)
                    .map(r -> String.format(Locale.ROOT, "%.0f", r.load().achievedRate()))
                    .orElse("?"));
      }
      data.append('\n');
    }
    Files.writeString(dir.resolve("max-throughput.dat"), data);
    List<String> plots = new ArrayList<>();
    for (int i = 0; i < protocols.size(); i++) {
      plots.add(
          "'max-throughput.dat' using %d%s title '%s'"
              .formatted(i + 2, i == 0 ? ":xtic(1)" : "", protocols.get(i).title()));
    }
    script.append(
        """

        reset
        %sset datafile missing '?'
        set output '../max-throughput.png'
        set title "Maximum throughput, closed loop with %d outstanding (requests per second)"
        set style data histogram
        set style histogram clustered gap 1
        set style fill solid 0.85 border -1
        set yrange [0:*]
        set ylabel 'rps'
        set grid ytics
        set key top right
        set xtics rotate by -15
        plot %s
        """
            .formatted(
                TERMINAL, results.plan().closedConcurrency(), String.join(", \\\n     ", plots)));
  }
}
