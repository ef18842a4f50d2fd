package dev.meshctl.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable jars the local mesh starts, found in the source tree meshctl was built in: the
 * launcher passes {@code -Dmeshctl.root}; otherwise the tree is the one above {@code
 * mesh-cli/target/meshctl.jar}.
 */
record MeshJars(Path root) {

  static final String ROOT_PROPERTY = "meshctl.root";

  static MeshJars locate() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return new MeshJars(Path.of(configured).toAbsolutePath());
    }
    try {
      Path jar =
          Path.of(MeshJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // <root>/mesh-cli/target/meshctl.jar
      Path root = jar.getParent() == null ? null : jar.getParent().getParent();
      if (root != null && root.getParent() != null) {
        return new MeshJars(root.getParent());
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // fall through to the working directory
    }
    return new MeshJars(Path.of("").toAbsolutePath());
  }

  Path proxy() {
    return root.resolve("mesh-proxy/target/mesh-proxy.jar");
  }

  Path controller() {
    return root.resolve("mesh-controller-app/target/mesh-controller-app.jar");
  }

  Path identity() {
    return root.resolve("mesh-identity-app/target/mesh-identity-app.jar");
  }

  Path web() {
    return root.resolve("mesh-web-app/target/mesh-web-app.jar");
  }

  Path demo() {
    return root.resolve("mesh-demo/target/mesh-demo.jar");
  }

  /** Fails with the build command when one of {@code jars} is missing. */
  static void requirePresent(List<Path> jars) {
    List<String> missing = new ArrayList<>();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        missing.add(jar.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new UserFacingException(
          "the local mesh needs jars that are not built: "
              + String.join(", ", missing)
              + "; build them with ./mvnw -q package -DskipTests (the ./meshctl launcher does"
              + " this on first use)");
    }
  }

  /** The java executable of this JVM, used for every child process. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
