package dev.meshctl.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as Kubernetes and Go tools write them ({@code 24h}, {@code 90m}, {@code 1h30m},
 * {@code 30s}, plus {@code d} for days), or in ISO-8601 ({@code PT24H}). Must be positive.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

  @Override
  public Duration convert(String value) {
    Duration duration = parse(value.trim());
    if (duration.isZero() || duration.isNegative()) {
      throw new TypeConversionException("'" + value + "' is not a positive duration");
    }
    return duration;
  }

  static Duration parse(String value) {
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw invalid(value);
      }
    }
    Matcher part = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.lookingAt()) {
      long amount;
      try {
        amount = Long.parseLong(part.group(1));
        total =
            switch (part.group(2)) {
              case "d" -> total.plus(Duration.ofDays(amount));
              case "h" -> total.plus(Duration.ofHours(amount));
              case "m" -> total.plus(Duration.ofMinutes(amount));
              default -> total.plus(Duration.ofSeconds(amount));
            };
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(value);
      }
      end = part.end();
      part.region(end, value.length());
    }
    if (end == 0 || end != value.length()) {
      throw invalid(value);
    }
    return total;
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException(
        "'" + value + "' is not a duration (e.g. 24h, 90m, 1h30m, 7d or PT24H)");
  }
}
