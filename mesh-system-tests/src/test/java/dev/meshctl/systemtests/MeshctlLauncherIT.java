package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./meshctl} launcher at the repository root runs the CLI jar. */
class MeshctlLauncherIT {

  private static final Path ROOT =
      Path.of(System.getProperty("meshctl.root", "..")).toAbsolutePath().normalize();

  @Test
  void help_listsTheCommands() throws Exception {
    Result result = meshctl("--help");

    assertThat(result.exitCode).isZero();
    assertThat(result.stdout)
        .startsWith("Usage: meshctl")
        .contains("Commands:")
        .contains("version");
  }

  @Test
  void version_printsTheClientVersion() throws Exception {
    Result result = meshctl("version", "--client");

    assertThat(result.exitCode).isZero();
    assertThat(result.stdout).matches("Client version: \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
  }

  @Test
  void unknownCommand_exitsWithTheUsageCode() throws Exception {
    Result result = meshctl("no-such-command");

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.stderr).contains("no-such-command");
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result meshctl(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = ROOT.resolve("meshctl").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process process = new ProcessBuilder(command).directory(ROOT.toFile()).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
