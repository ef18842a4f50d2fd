package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMeshDownTest {

  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private Process marked;
  private Process unmarked;

  @AfterEach
  void killLeftovers() {
    for (Process p : new Process[] {marked, unmarked}) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void noMeshRecorded_saysSo_andSucceeds() {
    LocalLayout layout = new LocalLayout(home.resolve("local"));

    assertThat(new LocalMeshDown(layout, new PrintWriter(out, true)).run()).isZero();

    assertThat(out.toString()).contains("No local mesh is recorded").contains("nothing to stop");
  }

  @Test
  void stopsTheRecordedProcessesThatCarryTheMarker_only() throws Exception {
    LocalLayout layout = new LocalLayout(home.resolve("local"));
    // A JVM carrying this mesh's marker, as every child of the local mesh does; and a process
    // with a recorded pid that is not ours (a pid reused by another program).
    marked = javaSleeping(LocalProcesses.marker(layout));
    unmarked = javaSleeping("-Dsomething.else=1");
    LocalMeshFile.write(
        layout.meshFile(),
        new LocalMeshFile.State(
            "0.1.0",
            "2026-12-06T00:00:00Z",
            true,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(
                new LocalMeshFile.Entry("books", marked.pid(), "books.log", null),
                new LocalMeshFile.Entry("stranger", unmarked.pid(), "x.log", null))));

    assertThat(new LocalMeshDown(layout, new PrintWriter(out, true)).run()).isZero();

    assertThat(marked.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(unmarked.isAlive()).isTrue();
    assertThat(out.toString()).contains("Stopped books;").doesNotContain("stranger");
    assertThat(Files.exists(layout.meshFile())).isFalse();
  }

  private static Process javaSleeping(String property) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                property,
                "-XX:TieredStopAtLevel=1",
                "-Xmx16m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Sleeper.class.getName())
            .redirectErrorStream(true)
            .start();
    // Wait until it runs main, so that its command line can be read.
    assertThat(process.getInputStream().read()).isEqualTo('s');
    return process;
  }

  /** A process that says it started and then waits to be stopped. */
  static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      System.out.print('s');
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
