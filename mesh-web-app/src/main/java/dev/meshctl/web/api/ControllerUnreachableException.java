package dev.meshctl.web.api;

/**
 * The controller's REST API could not be reached at all (connection refused, timed out, or it
 * answered with a server error), so the dashboard has no numbers to show.
 */
public final class ControllerUnreachableException extends RuntimeException {

  public ControllerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
