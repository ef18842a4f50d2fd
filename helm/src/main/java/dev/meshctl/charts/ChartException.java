package dev.meshctl.charts;

/**
 * A chart could not be rendered or linted. The message is Helm's own sentence (the text of a
 * chart's {@code required} or {@code fail}, a YAML error), without the template position and Go
 * noise around it.
 */
public class ChartException extends Exception {

  public ChartException(String message) {
    super(message);
  }

  public ChartException(String message, Throwable cause) {
    super(message, cause);
  }
}
