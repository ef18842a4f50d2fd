package dev.meshctl.injector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A config file the app cannot use stops it at start with one line: the file and the problem. */
class InjectionConfigFileTest {

  @TempDir Path folder;

  @Test
  void missingFile_namesTheFile() {
    Path file = folder.resolve("config.yaml");

    assertThatThrownBy(() -> InjectorConfiguration.read(file))
        .isInstanceOf(InjectionConfigFileException.class)
        .hasMessage(file + ": no such file");
  }

  @Test
  void invalidConfig_namesTheFileAndTheField() throws Exception {
    Path file = Files.writeString(folder.resolve("config.yaml"), "version: 0.1.0\n");

    assertThatThrownBy(() -> InjectorConfiguration.read(file))
        .isInstanceOf(InjectionConfigFileException.class)
        .hasMessageStartingWith(file + ": trustAnchorsPEM is required");
  }

  @Test
  void failureReport_isOneLine() throws Exception {
    Path file = Files.writeString(folder.resolve("config.yaml"), "proxy:\n  uid: -1\n");
    InjectionConfigFileException failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            InjectionConfigFileException.class, () -> InjectorConfiguration.read(file));

    FailureAnalysis analysis = new InjectionConfigFileFailureAnalyzer().analyze(failure);

    assertThat(analysis.getDescription())
        .isEqualTo(
            "Cannot use the injection config "
                + file
                + ": trustAnchorsPEM is required: the mesh's"
                + " trust anchors as PEM certificates")
        .doesNotContain("\n");
  }
}
