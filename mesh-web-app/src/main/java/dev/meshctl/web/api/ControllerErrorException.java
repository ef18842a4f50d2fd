package dev.meshctl.web.api;

/**
 * The controller answered, but refused the question: an unknown namespace or workload (404) or a
 * malformed one (400). The message is the controller's own {@code error} text.
 */
public final class ControllerErrorException extends RuntimeException {

  private final int status;

  public ControllerErrorException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The controller's HTTP status: 404 for what does not exist, 400 for what is malformed. */
  public int status() {
    return status;
  }
}
