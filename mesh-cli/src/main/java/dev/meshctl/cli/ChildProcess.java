package dev.meshctl.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process the local mesh started: its output goes to its own log file, it reads nothing, and it
 * is stopped with SIGTERM, then killed when it does not end within the grace period.
 */
final class ChildProcess {

  private final String name;
  private final Process process;
  private final Path log;
  private final ReadinessProbe readiness;

  private ChildProcess(String name, Process process, Path log, ReadinessProbe readiness) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.readiness = readiness;
  }

  static ChildProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      ReadinessProbe readiness) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Files.createDirectories(log.getParent());
      return new ChildProcess(name, builder.start(), log, readiness);
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  Process process() {
    return process;
  }

  /** Whether it answers as ready now; false while it starts, and once it has exited. */
  boolean ready() {
    return process.isAlive() && readiness.ready();
  }

  String readinessDescription() {
    return readiness.description();
  }

  /** Asks it to stop (SIGTERM); {@link #awaitExit} then waits. */
  void terminate() {
    process.destroy();
  }

  /** Waits for it to end, killing it when it is still there after {@code grace}. */
  void awaitExit(Duration grace) {
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The last lines of its log, to show with a failure; for a Spring Boot app that failed to start,
   * its own diagnosis (from "Description:") instead.
   */
  List<String> logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      int description = all.lastIndexOf("Description:");
      if (description >= 0 && all.size() - description <= 40) {
        return new ArrayList<>(all.subList(description, all.size()));
      }
      return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
