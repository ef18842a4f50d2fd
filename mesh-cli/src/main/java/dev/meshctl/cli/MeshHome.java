package dev.meshctl.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where meshctl keeps its local state: {@code $MESHCTL_HOME}, else {@code ~/.meshctl}. The local
 * mesh lives under {@code local/}: its CA, logs, registry folder and {@code mesh.json}, the file
 * that tells other commands where the running local mesh answers.
 */
record MeshHome(Path root) {

  static final String HOME_VARIABLE = "MESHCTL_HOME";

  static MeshHome fromEnvironment() {
    return from(System.getenv(), System.getProperty("user.home"));
  }

  static MeshHome from(Map<String, String> environment, String userHome) {
    String configured = environment.get(HOME_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return new MeshHome(Path.of(configured.strip()).toAbsolutePath());
    }
    return new MeshHome(Path.of(userHome, ".meshctl"));
  }

  /** The local mesh's folder. */
  Path local() {
    return root.resolve("local");
  }

  /** The running local mesh's addresses, written by {@code meshctl demo} once it is ready. */
  Path localMeshFile() {
    return local().resolve("mesh.json");
  }
}
