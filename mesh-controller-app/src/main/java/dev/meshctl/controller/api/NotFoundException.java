package dev.meshctl.controller.api;

/** The namespace, Service or port a request names is not known to discovery: a 404. */
public final class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message, null, false, false);
  }
}
