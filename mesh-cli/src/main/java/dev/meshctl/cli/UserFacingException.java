package dev.meshctl.cli;

/** A failure whose message is written for the user and is shown alone, without a stack trace. */
class UserFacingException extends RuntimeException {

  UserFacingException(String message) {
    super(message);
  }

  UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
