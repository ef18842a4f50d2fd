package dev.meshctl.bench.run;

import dev.meshctl.bench.BenchMain;
import dev.meshctl.bench.sut.Ports;
import dev.meshctl.bench.sut.SutLauncher;
import dev.meshctl.bench.sut.SutProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the benchmark's backend ({@code mesh-bench backend}, this jar) as a process under test,
 * pinned with the others, and waits until it accepts connections.
 */
final class BackendProcesses {

  /**
   * The backend's JVM: a fixed heap, the serial collector (it shares the CPU under test), and a
   * loud exit rather than a half-working backend if it ever runs out of memory.
   */
  static final List<String> JVM =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms128m",
          "-Xmx128m",
          "-XX:+ExitOnOutOfMemoryError",
          "-Dio.netty.leakDetection.level=disabled");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private BackendProcesses() {}

  /**
   * Starts a backend named {@code name} on {@code address} that holds every answer back by {@code
   * delay} (zero: answers at once).
   */
  static SutProcess start(
      SutLauncher launcher, String name, InetSocketAddress address, Duration delay)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(JVM);
    command.addAll(
        List.of(
            "-cp",
            ownJar(),
            BenchMain.class.getName(),
            "backend",
            "--listen",
            Ports.text(address)));
    if (!delay.isZero()) {
      command.addAll(List.of("--delay", delay.toMillis() + "ms"));
    }
    SutProcess backend = launcher.start(name, command, Map.of(), List.of("JAVA_TOOL_OPTIONS"));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Ports.accepting(address)) {
      if (!backend.isAlive() || System.nanoTime() > deadline) {
        launcher.stop(backend);
        throw new IOException(name + " did not start:\n" + backend.logTail());
      }
      Thread.sleep(10);
    }
    return backend;
  }

  private static String ownJar() {
    try {
      return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
