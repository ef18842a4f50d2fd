package dev.meshctl.controller.metrics;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's durations, written as Prometheus and Go write them: {@code 10s}, {@code 1m}, {@code
 * 1m30s}, {@code 2h}; whole seconds.
 */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /**
   * Parses a {@code window}.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static Duration parse(String text) {
    Matcher matcher = text == null ? null : FORMAT.matcher(text.trim());
    if (matcher == null || text.isBlank() || !matcher.matches()) {
      throw new IllegalArgumentException(
          "window \"" + text + "\" is not a duration such as 10s, 1m, 5m or 1h30m");
    }
    try {
      long seconds =
          Math.addExact(
              Math.addExact(
                  Math.multiplyExact(group(matcher, 1), 3600),
                  Math.multiplyExact(group(matcher, 2), 60)),
              group(matcher, 3));
      return Duration.ofSeconds(seconds);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("window \"" + text + "\" is too long");
    }
  }

  private static long group(Matcher matcher, int group) {
    String value = matcher.group(group);
    return value == null ? 0 : Long.parseLong(value);
  }

  /**
   * {@code 1m}, {@code 35s}, {@code 1m30s}, {@code 1h}: whole seconds, rounded; {@code 200ms} below
   * a second.
   */
  public static String format(Duration duration) {
    if (duration.toMillis() > 0 && duration.toMillis() < 1000) {
      return duration.toMillis() + "ms";
    }
    long seconds = Math.round(duration.toMillis() / 1000.0);
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }
}
