package dev.meshctl.controller.bench;

import dev.meshctl.controller.bench.ControllerScaleBenchmark.Load;
import dev.meshctl.controller.bench.ControllerScaleBenchmark.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The table {@link ControllerScaleBenchmark} prints, and its {@code results.md}. */
record Report(
    Load baselineLoad,
    Phase baseline,
    Load scaleLoad,
    Phase scale,
    long heapEmpty,
    long heapBefore,
    long heapAfter) {

  String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%-9s %8s %9s %7s %7s %8s %8s %8s %13s%n",
            "phase",
            "services",
            "endpoints",
            "streams",
            "updates",
            "p50 ms",
            "p99 ms",
            "max ms",
            "CPU ms/update"));
    row(out, "baseline", baselineLoad.services(), baseline);
    row(out, "scale", baselineLoad.services() + scaleLoad.services(), scale);
    out.append(
        String.format(
            Locale.ROOT,
            "scale / baseline: p50 %.2fx, p99 %.2fx, max %.2fx, CPU per update %.2fx%n",
            scale.latency().p50() / baseline.latency().p50(),
            scale.latency().p99() / baseline.latency().p99(),
            scale.latency().max() / baseline.latency().max(),
            (double) scale.cpuNanos() / baseline.cpuNanos()));
    out.append(
        String.format(
            Locale.ROOT,
            "load of %,d services / %,d endpoints: written in %.1f s, all known to the controller"
                + " after %.1f s, process CPU %.1f s%n",
            scaleLoad.services(),
            scaleLoad.endpoints(),
            scaleLoad.writtenNanos() / 1e9,
            scaleLoad.knownNanos() / 1e9,
            scaleLoad.cpuNanos() / 1e9));
    out.append(
        String.format(
            Locale.ROOT,
            "heap after GC: empty %.1f MiB, 10 services %.1f MiB, 1,000 services %.1f MiB"
                + " (+%.1f MiB, %.2f KiB per endpoint)%n",
            mib(heapEmpty),
            mib(heapBefore),
            mib(heapAfter),
            mib(heapAfter - heapBefore),
            (heapAfter - heapBefore) / 1024.0 / scaleLoad.endpoints()));
    out.append(
        "(heap and CPU are the one JVM's: controller, mock API server and benchmark together)\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String name, int services, Phase phase) {
    out.append(
        String.format(
            Locale.ROOT,
            "%-9s %8d %9d %7d %7d %8.2f %8.2f %8.2f %13.2f%n",
            name,
            services,
            services * ControllerScaleBenchmark.ENDPOINTS_PER_SERVICE,
            phase.streams(),
            phase.latency().count(),
            phase.latency().p50(),
            phase.latency().p99(),
            phase.latency().max(),
            phase.cpuNanos() / 1e6 / phase.latency().count()));
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  /** Writes results.md into {@code directory}; returns its path. */
  Path write(Path directory) throws IOException {
    Runtime runtime = Runtime.getRuntime();
    String md =
        "# Controller at scale: update propagation, heap and CPU\n\n"
            + "`bench/controller`: the controller against fabric8's mock API server (CRUD mode),"
            + " real gRPC `Get` streams; see bench/README.md, *bench/controller*.\n\n"
            + String.format(
                Locale.ROOT,
                "JVM %s, %d CPUs, max heap %.0f MiB, load average at the end %.2f.%n%n",
                System.getProperty("java.version"),
                runtime.availableProcessors(),
                mib(runtime.maxMemory()),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage())
            + "```\n"
            + table()
            + "```\n\n"
            + "**Caveat:** the mock API server, the controller and the benchmark share one JVM:"
            + " the heap and CPU figures include the mock server's store and work (and the"
            + " benchmark's clients), not the controller alone.\n";
    Path file = directory.resolve("results.md");
    Files.writeString(file, md);
    return file;
  }
}
