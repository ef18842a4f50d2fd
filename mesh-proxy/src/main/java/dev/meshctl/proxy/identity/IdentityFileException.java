package dev.meshctl.proxy.identity;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An identity file the proxy cannot start with: the message names the file and says what is wrong,
 * e.g. {@code /var/run/mesh/identity/tls.crt: the certificate expired at 2025-01-01T00:00:00Z}; or
 * the variable, for trust anchors given inline ({@code MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM}).
 */
public final class IdentityFileException extends RuntimeException {

  private final Path file;

  public IdentityFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** For what is not a file: {@code origin} names it, e.g. the variable that holds it. */
  IdentityFileException(String origin, String problem) {
    super(origin + ": " + problem);
    this.file = null;
  }

  /** The file at fault; empty when it was not a file (inline trust anchors). */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
