package dev.meshctl.proxy.init;

/** Bad command-line input: the message is the one line shown before the usage hint. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
