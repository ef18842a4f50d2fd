package dev.meshctl.controller.metrics;

/** A metrics request names a namespace or resource that discovery does not know: a 404. */
public final class UnknownResourceException extends RuntimeException {

  public UnknownResourceException(String message) {
    super(message, null, false, false);
  }
}
