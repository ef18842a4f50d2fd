package dev.meshctl.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The processes of one local mesh, in the order they were started. They are stopped in the opposite
 * order (callers before the services they call, the control plane last), each with SIGTERM first.
 * Every child JVM carries a marker property naming the mesh's folder, so that {@code meshctl demo
 * --down} only ever stops processes this mesh started, even if a recorded pid has since been reused
 * by another program.
 */
final class LocalProcesses {

  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();

  /** The JVM option every child carries. */
  static String marker(LocalLayout layout) {
    return "-Dmeshctl.local=" + layout.root();
  }

  ChildProcess add(ChildProcess child) {
    children.add(child);
    return child;
  }

  List<ChildProcess> all() {
    return List.copyOf(children);
  }

  /** The first child that has exited, if any. */
  Optional<ChildProcess> firstExited() {
    return children.stream().filter(child -> !child.alive()).findFirst();
  }

  /** Stops every child: SIGTERM to all in reverse order, then waits for each. */
  void stopAll() {
    List<ChildProcess> reversed = new ArrayList<>(children);
    java.util.Collections.reverse(reversed);
    for (ChildProcess child : reversed) {
      child.terminate();
    }
    for (ChildProcess child : reversed) {
      child.awaitExit(STOP_GRACE);
    }
  }

  /**
   * Stops the recorded processes of a mesh whose {@code meshctl demo} is gone (or is asked to stop
   * with {@code --down}): only those still alive whose command line carries {@code marker}. Returns
   * the names of the processes stopped.
   */
  static List<String> stopRecorded(List<LocalMeshFile.Entry> entries, String marker) {
    List<ProcessHandle> stopping = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0; i--) {
      LocalMeshFile.Entry entry = entries.get(i);
      Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid());
      if (handle.isPresent() && handle.get().isAlive() && carries(handle.get(), marker)) {
        handle.get().destroy();
        stopping.add(handle.get());
        names.add(entry.name());
      }
    }
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle handle : stopping) {
      while (handle.isAlive() && System.nanoTime() < deadline) {
        sleep(50);
      }
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    return names;
  }

  static boolean carries(ProcessHandle process, String marker) {
    return process.info().commandLine().map(line -> line.contains(marker)).orElse(false)
        || process.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
