package dev.meshctl.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * The proxy jar under test: copied into the run's work directory first (the launcher keeps its
 * class-data sharing archive beside the jar, and a rebuild of the original during the run must not
 * change what is measured), identified by its SHA-256.
 */
final class ProxyJar {

  private ProxyJar() {}

  /** Copies {@code jar} into {@code dir} and checks that the copy is a whole jar. */
  static Path copy(Path jar, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path copy = dir.resolve("mesh-proxy.jar");
    for (int attempt = 1; ; attempt++) {
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      try (ZipFile zip = new ZipFile(copy.toFile())) {
        if (zip.getEntry("META-INF/MANIFEST.MF") != null) {
          return copy;
        }
      } catch (IOException e) {
        if (attempt == 5) {
          throw new IOException(jar + " is not a readable jar (being rebuilt?)", e);
        }
      }
      if (attempt == 5) {
        throw new IOException(jar + " has no manifest");
      }
      Thread.sleep(2_000);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The JVM options a running proxy was started with: its command line between the java binary and
   * {@code -jar}, with the run's own paths shortened to their file names.
   */
  static List<String> jvmOptions(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
      List<String> options = new ArrayList<>();
      String[] args = new String(raw, StandardCharsets.UTF_8).split("\0");
      for (int i = 1; i < args.length && !args[i].equals("-jar"); i++) {
        options.add(args[i].replaceAll("=/\\S*/", "="));
      }
      return options;
    } catch (IOException e) {
      return List.of("(unknown: " + e.getMessage() + ")");
    }
  }
}
