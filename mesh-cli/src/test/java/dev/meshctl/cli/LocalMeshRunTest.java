package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMeshRunTest {

  @TempDir Path home;
  @TempDir Path emptyTree;

  private final StringWriter out = new StringWriter();

  private LocalMeshRun run(LocalLayout layout, MeshJars jars, int dashboardPort) {
    return new LocalMeshRun(
        layout,
        jars,
        new LocalMeshRun.Options(dashboardPort, 0, 0.2, 10, Duration.ofSeconds(30)),
        new PrintWriter(out, true),
        Clock.systemUTC());
  }

  @Test
  void missingJars_areNamed_withTheCommandThatBuildsThem() {
    LocalLayout layout = new LocalLayout(home.resolve("local"));

    assertThatThrownBy(() -> run(layout, new MeshJars(emptyTree), 0).run())
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("mesh-proxy/target/mesh-proxy.jar")
        .hasMessageContaining("mesh-demo/target/mesh-demo.jar")
        .hasMessageContaining("./mvnw -q package -DskipTests");
    assertThat(Files.exists(layout.meshFile())).isFalse();
  }

  @Test
  void aMeshAlreadyRunning_isNotStartedTwice() {
    LocalLayout layout = new LocalLayout(home.resolve("local"));
    // This test's own JVM stands for the running meshctl demo.
    LocalMeshFile.write(
        layout.meshFile(),
        new LocalMeshFile.State(
            "0.1.0",
            "2026-12-06T00:00:00Z",
            true,
            ProcessHandle.current().pid(),
            "http://127.0.0.1:8085",
            null,
            null,
            "http://127.0.0.1:8084",
            null,
            null,
            null,
            List.of()));

    assertThatThrownBy(() -> run(layout, new MeshJars(emptyTree), 0).run())
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("a local mesh is already running")
        .hasMessageContaining("dashboard http://127.0.0.1:8084")
        .hasMessageContaining("./meshctl demo --down");
    assertThat(Files.exists(layout.meshFile())).isTrue();
  }

  @Test
  void aDashboardPortInUse_isRefusedBeforeAnythingStarts() throws Exception {
    LocalLayout layout = new LocalLayout(home.resolve("local"));
    Path tree = fakeTree();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> run(layout, new MeshJars(tree), taken.getLocalPort()).run())
          .isInstanceOf(UserFacingException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " (dashboard) is already in use")
          .hasMessageContaining("--dashboard-port");
    }
    assertThat(Files.exists(layout.meshFile())).isFalse();
    assertThat(Files.exists(layout.logs())).isFalse();
  }

  /** A tree whose jars exist (empty files): enough to get past the check for them. */
  private Path fakeTree() throws Exception {
    MeshJars jars = new MeshJars(emptyTree);
    for (Path jar :
        List.of(jars.proxy(), jars.controller(), jars.identity(), jars.web(), jars.demo())) {
      Files.createDirectories(jar.getParent());
      Files.createFile(jar);
    }
    return emptyTree;
  }
}
