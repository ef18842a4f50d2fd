package dev.meshctl.bench.handshake;

import dev.meshctl.bench.identity.BenchCa;
import dev.meshctl.bench.results.HandshakeResult;
import dev.meshctl.bench.results.HandshakeResults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/handshakes}: what a new connection between two proxies costs, plaintext against
 * mTLS. Makes a throwaway CA and the two ends' certificates in the results' work directory, then
 * runs one {@link HandshakeWorker} JVM per TLS provider, one after the other, each pinned to the
 * same CPUs: {@code boringssl} (the proxy's default, netty-tcnative) and {@code jdk} (the same JVM
 * options plus {@code -Dio.netty.handler.ssl.noOpenSsl=true}, the proxy's fallback). Each worker
 * measures plaintext too, alternating with its mTLS, so that each mTLS figure has a plaintext
 * reference from the same JVM and the same minutes.
 */
public final class HandshakeRunner {

  /** A worker JVM: its name and what it adds to the common options. */
  private record Worker(String name, List<String> jvmOptions) {}

  private static final List<Worker> WORKERS =
      List.of(
          new Worker("boringssl", List.of()),
          new Worker("jdk", List.of("-Dio.netty.handler.ssl.noOpenSsl=true")));

  /**
   * The workers' JVM: a fixed heap large enough that collections stay rare (a proxy's is 32 MiB; a
   * worker holds both ends), serial GC as the proxy's, no leak detection.
   */
  public static final List<String> WORKER_JVM =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms64m",
          "-Xmx64m",
          "-XX:+AlwaysPreTouch",
          "-Dio.netty.leakDetection.level=disabled");

  private final HandshakePlan plan;
  private final Path out;
  private final String cpus;
  private final PrintStream log;

  /**
   * @param cpus the CPUs the workers run on ({@code taskset -c} syntax); empty for no pinning
   */
  public HandshakeRunner(HandshakePlan plan, Path out, String cpus, PrintStream log) {
    this.plan = plan;
    this.out = out;
    this.cpus = cpus;
    this.log = log;
  }

  /** Runs every worker; the caller writes the results. */
  public HandshakeResults run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    String loadAverage = loadAverage();
    Path work = out.resolve("work");
    Path identity = work.resolve("identity");
    BenchCa ca = BenchCa.create(identity);
    ca.issue(BenchCa.identity(BenchCa.CLIENT));
    ca.issue(BenchCa.identity(BenchCa.SERVER));
    List<HandshakeResult> results = new ArrayList<>();
    for (Worker worker : WORKERS) {
      results.addAll(runWorker(worker, identity, work));
    }
    return new HandshakeResults(
        started,
        Instant.now(),
        plan.warmup(),
        plan.rounds(),
        cpus,
        WORKER_JVM,
        machine(),
        loadAverage,
        results);
  }

  private List<HandshakeResult> runWorker(Worker worker, Path identity, Path work)
      throws IOException, InterruptedException {
    Path result = work.resolve(worker.name() + "-results.tsv");
    Path logFile = work.resolve(worker.name() + ".log");
    List<String> command = new ArrayList<>();
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(WORKER_JVM);
    command.addAll(worker.jvmOptions());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.meshctl.bench.BenchMain",
            "handshakes-worker",
            "--worker",
            worker.name(),
            "--identity",
            identity.toString(),
            "--result",
            result.toString(),
            "--warmup",
            Integer.toString(plan.warmup()),
            "--connections",
            Integer.toString(plan.connections()),
            "--rounds",
            Integer.toString(plan.rounds())));
    log.printf(
        Locale.ROOT, "handshakes: starting the %s worker (log %s)%n", worker.name(), logFile);
    log.flush();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    // A worker must not outlive the run (Ctrl-C on bench/handshakes stops this JVM).
    Thread stop = new Thread(process::destroyForcibly, "handshake-worker-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int exit;
    try {
      exit = process.waitFor();
    } finally {
      process.destroyForcibly();
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // shutting down already: the hook runs
      }
    }
    if (exit != 0) {
      throw new IOException(
          "the " + worker.name() + " worker failed (exit " + exit + "):\n" + tail(logFile));
    }
    List<HandshakeResult> parsed = new ArrayList<>();
    for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        parsed.add(HandshakeResult.parse(line));
      }
    }
    log.print(tail(logFile));
    return parsed;
  }

  /** The 1, 5 and 15 minute load averages, {@code 0.52 0.61 0.70}. */
  private static String loadAverage() {
    String[] fields = read("/proc/loadavg").trim().split(" ");
    return fields.length >= 3 ? String.join(" ", fields[0], fields[1], fields[2]) : "unknown";
  }

  private static String machine() {
    String cpuinfo = read("/proc/cpuinfo");
    String cpu =
        cpuinfo
            .lines()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse("unknown CPU");
    long cores = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
    return "%s, %d CPUs, Linux %s, Java %s"
        .formatted(
            cpu,
            cores,
            read("/proc/sys/kernel/osrelease").trim(),
            System.getProperty("java.runtime.version"));
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "";
    }
  }
}
