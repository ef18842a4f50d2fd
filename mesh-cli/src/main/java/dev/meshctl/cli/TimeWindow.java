package dev.meshctl.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code -t/--time-window} of the metrics commands: how far back the controller looks. Read
 * like any meshctl duration ({@code 30s}, {@code 1m}, {@code 1h30m}) and sent to the API in whole
 * seconds, minutes or hours ({@code 90m}), a form every duration parser accepts.
 */
record TimeWindow(Duration duration) {

  /** The form sent as the {@code window} query parameter, e.g. {@code 10s}, {@code 1m}. */
  String text() {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  @Override
  public String toString() {
    return text();
  }

  /** Picocli's converter: positive, whole seconds. */
  static final class Converter implements ITypeConverter<TimeWindow> {

    @Override
    public TimeWindow convert(String value) {
      Duration duration;
      try {
        duration = DurationConverter.parse(value.strip());
      } catch (TypeConversionException e) {
        throw invalid(value);
      }
      if (duration.isZero() || duration.isNegative() || duration.getNano() != 0) {
        throw invalid(value);
      }
      return new TimeWindow(duration);
    }

    private static TypeConversionException invalid(String value) {
      return new TypeConversionException(
          "'" + value + "' is not a time window (a positive duration such as 10s, 1m or 5m)");
    }
  }
}
