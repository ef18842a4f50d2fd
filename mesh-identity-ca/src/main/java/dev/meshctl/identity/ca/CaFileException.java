package dev.meshctl.identity.ca;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A CA file that cannot be used. The message names the file and says why in one line, e.g. {@code
 * issuer key /etc/identity/issuer.key: does not match the issuer certificate}.
 */
public final class CaFileException extends Exception {

  private final Path file;

  public CaFileException(String role, Path file, String problem) {
    this(role, file, problem, null);
  }

  public CaFileException(String role, Path file, String problem, Throwable cause) {
    super(role + " " + file + ": " + problem, cause);
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
