package dev.meshctl.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChartsTest {

  @Test
  void appVersion_isTheControlPlaneChartsAppVersion() {
    assertThat(Charts.appVersion()).isEqualTo("0.1.0");
  }

  @Test
  void lint_crdsChart_isClean() throws Exception {
    assertThat(Charts.lint(Charts.CRDS, Map.of())).isEmpty();
  }

  @Test
  void lint_controlPlaneWithThePems_isClean() throws Exception {
    assertThat(Charts.lint(Charts.CONTROL_PLANE, TestPems.generate().values())).isEmpty();
  }

  /**
   * Helm's lint mode turns {@code required} and {@code fail} into log lines (its engine does not
   * fail on missing values when linting), so the PEMs are checked by rendering, as meshctl does.
   */
  @Test
  void lint_doesNotEnforceRequiredValues_renderDoes() throws Exception {
    assertThat(Charts.lint(Charts.CONTROL_PLANE, Map.of())).isEmpty();
    assertThatThrownBy(
            () -> Charts.render(Charts.CONTROL_PLANE, "meshctl", "meshctl-system", Map.of()))
        .isInstanceOf(ChartException.class)
        .hasMessageContaining("is required");
  }

  @Test
  void render_unknownChart_isRefused() {
    assertThatThrownBy(() -> Charts.render("linkerd", "r", "ns", Map.of()))
        .isInstanceOf(ChartException.class)
        .hasMessage("unknown chart \"linkerd\" (expected meshctl-crds or meshctl-control-plane)");
  }

  @Test
  void render_missingPem_isHelmsSentenceWithoutTemplateNoise() {
    Map<String, Object> values =
        Values.remove(TestPems.generate().values(), "identityTrustAnchorsPEM");

    assertThatThrownBy(
            () -> Charts.render(Charts.CONTROL_PLANE, "meshctl", "meshctl-system", values))
        .isInstanceOf(ChartException.class)
        .hasMessageStartingWith("identityTrustAnchorsPEM is required: the mesh's trust anchors")
        .hasMessageNotContaining("templates/")
        .hasMessageNotContaining("execution error")
        .hasMessageNotContaining("--debug");
  }

  @Test
  void renderAndLint_leaveNoTemporaryChartBehind() throws Exception {
    List<Path> before = chartDirs();

    Charts.render(Charts.CRDS, "meshctl-crds", "meshctl-system", Map.of());
    Charts.lint(Charts.CRDS, Map.of());
    try {
      Charts.render(Charts.CONTROL_PLANE, "meshctl", "meshctl-system", Map.of());
    } catch (ChartException expected) {
      // missing PEMs: the directory must be gone all the same
    }

    assertThat(chartDirs()).containsExactlyInAnyOrderElementsOf(before);
  }

  private static List<Path> chartDirs() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("meshctl-chart-")).toList();
    }
  }
}
