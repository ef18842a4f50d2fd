package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionCommandTest {

  @TempDir Path home;

  @Test
  void printsTheClientVersion_andTheControllersVersion() throws Exception {
    try (FakeController controller = FakeController.start()) {
      controller.answer("/api/v1/version", 200, "{\"version\": \"0.2.0\"}");

      CommandRun run =
          CommandRun.of(
              "version", "--api-addr", controller.url(), "--meshctl-home", home.toString());

      assertThat(run.exitCode).as(run.toString()).isZero();
      assertThat(run.out)
          .isEqualTo("Client version: " + BuildInfo.version() + "\nServer version: 0.2.0\n");
      assertThat(controller.requests())
          .extracting(uri -> uri.getPath())
          .contains("/api/v1/version");
    }
  }

  @Test
  void findsTheLocalMeshsController_throughMeshctlHome() throws Exception {
    try (FakeController controller = FakeController.start()) {
      controller.answer("/api/v1/version", 200, "{\"version\": \"0.3.0\"}");
      Files.createDirectories(home.resolve("local"));
      Files.writeString(
          home.resolve("local/mesh.json"),
          "{\"version\": \"0.3.0\", \"controllerApi\": \"" + controller.url() + "\"}");

      CommandRun run = CommandRun.of("version", "--short", "--meshctl-home", home.toString());

      assertThat(run.out).isEqualTo(BuildInfo.version() + "\n0.3.0\n");
    }
  }

  @Test
  void anUnreachableController_isUnavailable_notAFailure() throws Exception {
    CommandRun run =
        CommandRun.of(
            "version",
            "--api-addr",
            FakeController.deadAddress(),
            "--meshctl-home",
            home.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .isEqualTo("Client version: " + BuildInfo.version() + "\nServer version: unavailable\n");
  }

  @Test
  void json_hasBothVersions_withNullForAnUnavailableServer() throws Exception {
    try (FakeController controller = FakeController.start()) {
      controller.answer("/api/v1/version", 200, "{\"version\": \"0.2.0\"}");

      CommandRun up =
          CommandRun.of(
              "version",
              "-o",
              "json",
              "--api-addr",
              controller.url(),
              "--meshctl-home",
              home.toString());
      CommandRun down =
          CommandRun.of(
              "version",
              "-o",
              "json",
              "--api-addr",
              FakeController.deadAddress(),
              "--meshctl-home",
              home.toString());

      assertThat(up.out)
          .isEqualTo(
              "{\"clientVersion\":\"" + BuildInfo.version() + "\",\"serverVersion\":\"0.2.0\"}\n");
      assertThat(down.out)
          .isEqualTo(
              "{\"clientVersion\":\"" + BuildInfo.version() + "\",\"serverVersion\":null}\n");
    }
  }

  @Test
  void client_doesNotAskTheController() throws Exception {
    try (FakeController controller = FakeController.start()) {
      CommandRun run =
          CommandRun.of(
              "version",
              "--client",
              "--api-addr",
              controller.url(),
              "--meshctl-home",
              home.toString());

      assertThat(run.out).isEqualTo("Client version: " + BuildInfo.version() + "\n");
      assertThat(controller.requests()).isEmpty();
    }
  }

  @Test
  void aBadAddress_isAUsageError() {
    CommandRun run =
        CommandRun.of("version", "--api-addr", "ftp://x", "--meshctl-home", home.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("is not a controller address");
  }
}
