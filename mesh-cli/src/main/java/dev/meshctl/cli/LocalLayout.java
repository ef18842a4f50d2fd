package dev.meshctl.cli;

import java.nio.file.Path;

/**
 * The files of the local mesh under {@code $MESHCTL_HOME/local}: the CA, the registry folder the
 * controller watches, bootstrap tokens, the controller's tap certificate, one log per process, and
 * {@code mesh.json}.
 */
record LocalLayout(Path root) {

  static LocalLayout of(MeshHome home) {
    return new LocalLayout(home.local());
  }

  Path caDirectory() {
    return root.resolve("ca");
  }

  Path registry() {
    return root.resolve("registry");
  }

  Path tokens() {
    return root.resolve("tokens");
  }

  Path controllerTls() {
    return root.resolve("controller-tls");
  }

  Path logs() {
    return root.resolve("logs");
  }

  Path log(String processName) {
    return logs().resolve(processName + ".log");
  }

  Path meshFile() {
    return root.resolve("mesh.json");
  }
}
