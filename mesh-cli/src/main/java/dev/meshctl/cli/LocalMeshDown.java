package dev.meshctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * {@code meshctl demo --down}: stops what a local mesh left running and removes its {@code
 * mesh.json}. A {@code meshctl demo} still running is asked to stop (SIGTERM), which stops its own
 * processes; processes whose demo is gone are stopped one by one.
 */
final class LocalMeshDown {

  private final LocalLayout layout;
  private final PrintWriter out;

  LocalMeshDown(LocalLayout layout, PrintWriter out) {
    this.layout = layout;
    this.out = out;
  }

  int run() {
    Optional<LocalMeshFile.State> state = LocalMeshFile.read(layout.meshFile());
    if (state.isEmpty()) {
      out.println("No local mesh is recorded in " + layout.root() + "; nothing to stop.");
      return ExitCodes.OK;
    }
    Optional<ProcessHandle> demo =
        ProcessHandle.of(state.get().demoPid())
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.pid() != ProcessHandle.current().pid())
            .filter(LocalMeshDown::isMeshctl);
    if (demo.isPresent()) {
      out.println("Asking meshctl demo (pid " + demo.get().pid() + ") to stop...");
      demo.get().destroy();
      long deadline = System.nanoTime() + LocalProcesses.STOP_GRACE.toNanos() * 2;
      while (demo.get().isAlive() && System.nanoTime() < deadline) {
        sleep();
      }
    }
    List<String> stopped =
        LocalProcesses.stopRecorded(state.get().processes(), LocalProcesses.marker(layout));
    try {
      Files.deleteIfExists(layout.meshFile());
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot remove " + layout.meshFile() + ": " + e.getMessage(), e);
    }
    out.println(
        stopped.isEmpty()
            ? "The local mesh is stopped; removed " + layout.meshFile() + "."
            : "Stopped " + String.join(", ", stopped) + "; removed " + layout.meshFile() + ".");
    return ExitCodes.OK;
  }

  private static boolean isMeshctl(ProcessHandle process) {
    return process.info().commandLine().map(line -> line.contains("meshctl")).orElse(false);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
