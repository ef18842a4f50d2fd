package dev.meshctl.controller.tap;

/**
 * A tap that cannot start, with the words the client gets as {@code {"error": "..."}} and what kind
 * of failure it is; {@link TapErrorHandler} turns the kind into a status.
 */
final class TapRequestException extends RuntimeException {

  /** Why the tap cannot start. */
  enum Reason {
    /** A malformed request: 400. */
    INVALID,
    /** A resource that does not exist: 404. */
    NOT_FOUND,
    /** The controller cannot tap at all (its certificate cannot be read): 503. */
    UNAVAILABLE
  }

  private final Reason reason;

  private TapRequestException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  static TapRequestException badRequest(String message) {
    return new TapRequestException(Reason.INVALID, message, null);
  }

  static TapRequestException notFound(String message) {
    return new TapRequestException(Reason.NOT_FOUND, message, null);
  }

  static TapRequestException unavailable(String message, Throwable cause) {
    return new TapRequestException(Reason.UNAVAILABLE, message, cause);
  }

  Reason reason() {
    return reason;
  }
}
