package dev.meshctl.proxy.discovery;

import java.nio.file.Path;

/**
 * The static destinations file cannot be used: it is missing, unreadable, not YAML, or a value in
 * it is wrong. The message is one line: the file, the place in it and the problem, e.g. {@code
 * /etc/mesh/destinations.yaml: destinations[1].endpoints[0].address: "localhost:80" is not an IP
 * address and port (host names are not accepted, only IP addresses)}.
 */
public final class DestinationsFileException extends RuntimeException {

  private final transient Path file;
  private final String problem;

  public DestinationsFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
    this.problem = problem;
  }

  /** The file the problem is in. */
  public Path file() {
    return file;
  }

  /** The message without the file: the place and what is wrong there. */
  public String problem() {
    return problem;
  }
}
