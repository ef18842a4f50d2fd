package dev.meshctl.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One workload of the packaged demo jar run as its own process, with the small-heap JVM options the
 * demo runs it with, and its output in a file.
 */
final class DemoProcess implements AutoCloseable {

  static final Path JAR = ProxyProcess.ROOT.resolve("mesh-demo/target/mesh-demo.jar");

  private static final Pattern READY = Pattern.compile("(?m)^ready: (.*)$");

  final Process process;
  final Path log;

  private DemoProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static DemoProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(SpringAppLaunchIT.javaBin());
    command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar"));
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("mesh-demo-" + args[0], ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new DemoProcess(process, log);
  }

  /** Waits for the {@code ready: ...} line and returns what follows {@code ready: }. */
  String awaitReady() {
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .failFast("the workload exited", () -> !process.isAlive())
          .until(() -> READY.matcher(output()).find());
    } catch (Throwable e) {
      throw new AssertionError("no ready line; output:\n" + outputOrWhy(), e);
    }
    Matcher matcher = READY.matcher(outputOrWhy());
    matcher.find();
    return matcher.group(1);
  }

  /** The port of a {@code ready: ROLE listening on 127.0.0.1:PORT} line. */
  int awaitListeningPort() {
    String ready = awaitReady();
    return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1));
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  String outputOrWhy() {
    try {
      return output();
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Sends SIGTERM, as a pod's stop does, and returns the exit code. */
  int terminate(int seconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the workload did not stop within " + seconds + " s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
