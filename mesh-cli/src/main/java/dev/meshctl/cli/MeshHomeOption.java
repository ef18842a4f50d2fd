package dev.meshctl.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --meshctl-home} option of the commands that read the local mesh's state: overrides
 * {@code $MESHCTL_HOME} (and {@code ~/.meshctl}) for one command.
 */
final class MeshHomeOption {

  @Option(
      names = "--meshctl-home",
      paramLabel = "DIR",
      description =
          "meshctl's state folder, where the local mesh keeps local/mesh.json (default:"
              + " $MESHCTL_HOME, else ~/.meshctl).")
  Path home;

  MeshHome resolve() {
    if (home != null) {
      return new MeshHome(home.toAbsolutePath());
    }
    return MeshHome.fromEnvironment();
  }

  /** The controller's REST API as {@code address} resolves it, reading this home's local mesh. */
  URI controllerApi(ControllerAddressOption address) {
    return ControllerAddressOption.resolve(
        address.apiAddr, System.getenv(ControllerAddressOption.VARIABLE), resolve());
  }
}
