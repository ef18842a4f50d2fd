package dev.meshctl.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default renders, compared with files under src/test/resources/golden so that every change to
 * what the charts produce shows up in review. The certificates are fixed placeholders (so are the
 * checksums made of them). After an intended change, regenerate with {@code ./mvnw -o -pl helm
 * verify -Dgolden.update=true} and read the diff.
 */
class GoldenRenderTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @Test
  void controlPlane_defaultValues() throws Exception {
    assertGolden(
        "meshctl-control-plane.yaml",
        Charts.render(
            Charts.CONTROL_PLANE, "meshctl", "meshctl-system", TestPems.placeholders().values()));
  }

  @Test
  void crds_defaultValues() throws Exception {
    assertGolden(
        "meshctl-crds.yaml",
        Charts.render(Charts.CRDS, "meshctl-crds", "meshctl-system", Map.of()));
  }

  private static void assertGolden(String name, String rendered) throws Exception {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(rendered).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
