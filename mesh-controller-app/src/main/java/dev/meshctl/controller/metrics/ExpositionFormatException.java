package dev.meshctl.controller.metrics;

/** A {@code /metrics} answer that is not the Prometheus text format: says the line and why. */
public final class ExpositionFormatException extends Exception {

  public ExpositionFormatException(int line, String message) {
    super("line " + line + ": " + message, null, false, false);
  }
}
