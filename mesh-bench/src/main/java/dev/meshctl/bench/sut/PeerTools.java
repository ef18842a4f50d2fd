package dev.meshctl.bench.sut;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peers' programs as installed on this machine (nginx, HAProxy: Debian's, installed by {@code
 * bench/run}), found on the {@code PATH} or in {@code /usr/sbin}, with their versions.
 */
public record PeerTools(Optional<Path> nginx, Optional<Path> haproxy) {

  /** Looks the programs up. */
  public static PeerTools find() {
    return new PeerTools(which("nginx"), which("haproxy"));
  }

  /** {@code nginx/1.22.1}, or why there is none. */
  public String nginxVersion() {
    return nginx.map(p -> firstLine(p.toString(), "-v")).orElse("not installed");
  }

  /** {@code HAProxy version 2.6.12...}, or why there is none. */
  public String haproxyVersion() {
    return haproxy.map(p -> firstLine(p.toString(), "-v")).orElse("not installed");
  }

  private static Optional<Path> which(String program) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static String firstLine(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().findFirst().orElse("").trim();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
