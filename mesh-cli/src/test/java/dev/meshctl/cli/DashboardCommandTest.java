package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardCommandTest {

  @TempDir Path home;

  private void writeMeshFile(String webUrl) throws Exception {
    Files.createDirectories(home.resolve("local"));
    Files.writeString(
        home.resolve("local/mesh.json"),
        "{\"version\": \"0.1.0-SNAPSHOT\", \"webUrl\": \"" + webUrl + "\", \"processes\": []}");
  }

  @Test
  void printsTheLocalMeshsDashboardUrl_onceItAnswers() throws Exception {
    try (FakeController web = FakeController.start()) {
      web.answer("/", 200, "text/html", "<html>meshctl</html>");
      writeMeshFile(web.url());

      CommandRun run =
          CommandRun.of("dashboard", "--show", "url", "--meshctl-home", home.toString());

      assertThat(run.exitCode).as(run.toString()).isZero();
      assertThat(run.out).isEqualTo(web.url() + "\n");
      assertThat(web.requests()).extracting(uri -> uri.getPath()).containsExactly("/");
    }
  }

  @Test
  void aDashboardWithoutAFirstPage_stillCounts_asUp() throws Exception {
    try (FakeController web = FakeController.start()) {
      web.answer("/", 404, "{\"status\": 404}");
      writeMeshFile(web.url());

      CommandRun run =
          CommandRun.of("dashboard", "--show", "url", "--meshctl-home", home.toString());

      assertThat(run.exitCode).as(run.toString()).isZero();
      assertThat(run.out).isEqualTo(web.url() + "\n");
    }
  }

  @Test
  void json_hasTheUrl_andWhetherABrowserWasOpened() throws Exception {
    try (FakeController web = FakeController.start()) {
      web.answer("/", 200, "text/html", "<html>meshctl</html>");
      writeMeshFile(web.url());

      CommandRun run =
          CommandRun.of(
              "dashboard", "--show", "url", "-o", "json", "--meshctl-home", home.toString());

      assertThat(run.out).isEqualTo("{\"url\":\"" + web.url() + "\",\"opened\":false}\n");
    }
  }

  @Test
  void aDashboardThatDoesNotAnswer_isAFailure_thatSaysHowToStartTheMesh() throws Exception {
    String dead = FakeController.deadAddress();
    writeMeshFile(dead);

    CommandRun run = CommandRun.of("dashboard", "--show", "url", "--meshctl-home", home.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err)
        .startsWith("Error: the dashboard does not answer at " + dead)
        .endsWith("is the mesh running? start it with ./meshctl demo\n");
    assertThat(run.out).isEmpty();
  }

  @Test
  void withoutALocalMesh_usesTheDefaultAddress() {
    CommandRun run = CommandRun.of("dashboard", "--show", "url", "--meshctl-home", home.toString());

    // Whether something answers on the default port depends on the machine; the URL does not.
    assertThat(run.out + run.err).contains(DashboardCommand.DEFAULT_URL);
  }

  @Test
  void aBrowserIsOpenedOnlyWithADisplay() {
    assertThat(new BrowserLauncher(Map.of()).hasDisplay()).isFalse();
    assertThat(new BrowserLauncher(Map.of("DISPLAY", " ")).hasDisplay()).isFalse();
    assertThat(new BrowserLauncher(Map.of("DISPLAY", ":0")).hasDisplay()).isTrue();
    assertThat(new BrowserLauncher(Map.of("WAYLAND_DISPLAY", "wayland-0")).hasDisplay()).isTrue();
  }

  @Test
  void anUnknownShowValue_isAUsageError() {
    CommandRun run =
        CommandRun.of("dashboard", "--show", "browser", "--meshctl-home", home.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("browser").contains("url, open");
  }
}
