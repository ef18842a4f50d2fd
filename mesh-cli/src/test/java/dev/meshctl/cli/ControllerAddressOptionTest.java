package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerAddressOptionTest {

  @TempDir Path root;

  @Test
  void theOptionWins_thenTheVariable_thenTheLocalMesh_thenTheDefault() throws Exception {
    MeshHome home = new MeshHome(root);
    assertThat(ControllerAddressOption.resolve(null, null, home))
        .isEqualTo(ControllerAddressOption.DEFAULT);

    Files.createDirectories(home.local());
    Files.writeString(home.localMeshFile(), "{\"controllerApi\": \"http://127.0.0.1:18085\"}");
    assertThat(ControllerAddressOption.resolve(null, null, home))
        .isEqualTo(URI.create("http://127.0.0.1:18085"));
    assertThat(ControllerAddressOption.resolve(null, "10.1.2.3:8085", home))
        .isEqualTo(URI.create("http://10.1.2.3:8085"));
    assertThat(ControllerAddressOption.resolve("http://localhost:9/", "10.1.2.3:8085", home))
        .isEqualTo(URI.create("http://localhost:9"));
  }

  @Test
  void aMalformedAddress_isAUsageError_namingWhereItCameFrom() {
    MeshHome home = new MeshHome(root);

    assertThatThrownBy(() -> ControllerAddressOption.resolve("ftp://x:1", null, home))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--api-addr")
        .hasMessageContaining("ftp://x:1");
    assertThatThrownBy(() -> ControllerAddressOption.resolve(null, "http://", home))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("$MESHCTL_API_ADDR");
  }

  @Test
  void meshHome_comesFromTheVariable_elseTheUsersHome() {
    assertThat(MeshHome.from(Map.of("MESHCTL_HOME", "/tmp/m"), "/home/u").root())
        .isEqualTo(Path.of("/tmp/m"));
    assertThat(MeshHome.from(Map.of(), "/home/u").localMeshFile())
        .isEqualTo(Path.of("/home/u/.meshctl/local/mesh.json"));
  }
}
