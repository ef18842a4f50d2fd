package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MeshctlTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Meshctl.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void help_listsTheCommands() {
    assertThat(run("--help")).isEqualTo(0);

    assertThat(out.toString())
        .contains("Usage: meshctl")
        .contains("version")
        .contains("check")
        .contains("stat")
        .contains("routes")
        .contains("edges")
        .contains("dashboard")
        .contains("identity")
        .contains("help");
  }

  @Test
  void version_printsTheVersionTheBuildStamped() {
    assertThat(run("version", "--client")).isEqualTo(0);

    assertThat(out.toString()).isEqualTo("Client version: " + BuildInfo.version() + "\n");
    assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void version_asJson() {
    assertThat(run("version", "--client", "-o", "json")).isEqualTo(0);

    assertThat(out.toString()).isEqualTo("{\"clientVersion\":\"" + BuildInfo.version() + "\"}\n");
  }

  @Test
  void unknownCommand_isAUsageError_thatSaysWhatWasWrong() {
    assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badOptionValue_namesTheAcceptedValues() {
    assertThat(run("version", "-o", "yaml")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString()).contains("yaml").contains("table, json");
  }
}
