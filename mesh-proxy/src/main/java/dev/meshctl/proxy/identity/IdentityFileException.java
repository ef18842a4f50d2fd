package dev.meshctl.proxy.identity;

import java.nio.file.Path;

/**
 * An identity file the proxy cannot start with: the message names the file and says what is wrong,
 * e.g. {@code /var/run/mesh/identity/tls.crt: the certificate expired at 2025-01-01T00:00:00Z}.
 */
public final class IdentityFileException extends RuntimeException {

  private final Path file;

  public IdentityFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
