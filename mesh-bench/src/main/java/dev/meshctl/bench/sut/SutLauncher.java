package dev.meshctl.bench.sut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the processes under test, all pinned to the same CPUs with {@code taskset -c}, so that
 * every configuration gets the same CPU budget; each one's output goes to a log file in the work
 * directory. Whatever is still running when the launcher closes is stopped.
 */
public final class SutLauncher implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String cpus;
  private final Path logDir;
  private final List<SutProcess> running = new ArrayList<>();

  /**
   * @param cpus the CPU list for {@code taskset -c} ({@code 1}, {@code 1,3}); empty for no pinning
   */
  public SutLauncher(String cpus, Path logDir) {
    this.cpus = cpus;
    this.logDir = logDir;
  }

  /** The CPUs everything under test runs on. */
  public String cpus() {
    return cpus;
  }

  /**
   * Starts {@code command} with the launcher's environment, minus variables starting with one of
   * {@code dropPrefixes}, plus {@code env}.
   */
  public synchronized SutProcess start(
      String name, List<String> command, Map<String, String> env, List<String> dropPrefixes)
      throws IOException {
    List<String> pinned = new ArrayList<>();
    if (!cpus.isEmpty()) {
      pinned.addAll(List.of("taskset", "-c", cpus));
    }
    pinned.addAll(command);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "-") + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(pinned).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> dropPrefixes.stream().anyMatch(k::startsWith));
    builder.environment().putAll(env);
    SutProcess process = new SutProcess(name, builder.start(), log);
    running.add(process);
    return process;
  }

  /** Stops {@code process} (SIGTERM, then SIGKILL after a grace period). */
  public synchronized void stop(SutProcess process) {
    process.stop(STOP_GRACE);
    running.remove(process);
  }

  /** Stops everything still running, latest first. */
  @Override
  public synchronized void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).stop(STOP_GRACE);
    }
    running.clear();
  }
}
