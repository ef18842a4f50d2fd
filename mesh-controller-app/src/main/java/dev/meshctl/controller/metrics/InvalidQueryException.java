package dev.meshctl.controller.metrics;

/** A metrics request with a parameter that does not parse or makes no sense: a 400. */
public final class InvalidQueryException extends RuntimeException {

  public InvalidQueryException(String message) {
    super(message, null, false, false);
  }
}
