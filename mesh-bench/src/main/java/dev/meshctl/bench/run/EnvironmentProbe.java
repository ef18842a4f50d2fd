package dev.meshctl.bench.run;

import dev.meshctl.bench.results.Environment;
import dev.meshctl.bench.sut.PeerTools;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Describes the machine and software of a run for the results. */
final class EnvironmentProbe {

  private EnvironmentProbe() {}

  static Environment probe(
      RunSettings settings,
      Path jar,
      PeerTools peers,
      List<String> proxyJvmOptions,
      List<String> backendJvmOptions,
      String loadAverageAtStart)
      throws IOException {
    String cpuinfo = read("/proc/cpuinfo");
    String cpu =
        cpuinfo
            .lines()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("unknown CPU");
    int cores = (int) cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
    Path repo = settings.proxyLauncher().toAbsolutePath().getParent();
    String commit = run("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD");
    String dirty =
        run("git", "-C", repo.toString(), "status", "--porcelain", "--untracked-files=no");
    return new Environment(
        cpu,
        cores,
        read("/proc/sys/kernel/osrelease").trim(),
        run("java", "-version").lines().findFirst().orElse("unknown java"),
        peers.nginxVersion(),
        peers.haproxyVersion(),
        settings.proxyJar().toString(),
        ProxyJar.sha256(jar),
        commit.isBlank()
            ? "unknown commit"
            : "commit " + commit.trim() + (dirty.isBlank() ? "" : " with uncommitted changes"),
        cpusAllowed(),
        settings.sutCpus(),
        loadAverageAtStart,
        proxyJvmOptions,
        backendJvmOptions,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** The 1, 5 and 15 minute load averages, {@code 0.52 0.61 0.70}. */
  static String loadAverage() {
    String[] fields = read("/proc/loadavg").trim().split(" ");
    return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
  }

  /** The CPUs this process (the load generator) may run on. */
  private static String cpusAllowed() {
    return read("/proc/self/status")
        .lines()
        .filter(l -> l.startsWith("Cpus_allowed_list:"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown");
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "";
    }
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
