package dev.meshctl.controller.api;

/** A request names an object with a name Kubernetes would not allow: a 400. */
public final class InvalidNameException extends RuntimeException {

  public InvalidNameException(String message) {
    super(message, null, false, false);
  }
}
