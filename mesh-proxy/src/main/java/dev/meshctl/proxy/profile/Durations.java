package dev.meshctl.proxy.profile;

import java.time.Duration;

/** Durations in messages, written as configured: {@code 500ms}, {@code 10s}, {@code 1m}. */
final class Durations {

  private Durations() {}

  static String format(Duration duration) {
    if (duration.getNano() % 1_000_000 != 0 || duration.isNegative()) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
