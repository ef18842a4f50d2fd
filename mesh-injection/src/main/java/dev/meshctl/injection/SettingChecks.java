package dev.meshctl.injection;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of the proxy settings that come from the config file or from annotations. Each check
 * answers what is wrong with a value in words, or empty when it is fine; callers add which field or
 * annotation it came from.
 */
final class SettingChecks {

  /**
   * A Kubernetes resource quantity: a decimal, then an optional binary, decimal or exponent suffix.
   */
  private static final Pattern QUANTITY =
      Pattern.compile("^[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");

  /** A proxy log level such as {@code info} or {@code warn,dev.meshctl.proxy=debug}. */
  private static final Pattern LOG_LEVEL = Pattern.compile("^[A-Za-z0-9_.,=:-]+$");

  private SettingChecks() {}

  /**
   * A comma list of ports and port ranges ({@code 25,8000-8010}), each port 1-65535, a range's
   * start not after its end; blanks around items are allowed, the empty string is an empty list.
   */
  static Optional<String> portListProblem(String value) {
    if (value.isBlank()) {
      return Optional.empty();
    }
    for (String item : value.split(",", -1)) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        return Optional.of("has an empty item in \"" + value + "\"");
      }
      int dash = trimmed.indexOf('-');
      if (dash < 0) {
        Optional<String> problem = portProblem(trimmed);
        if (problem.isPresent()) {
          return problem;
        }
        continue;
      }
      String from = trimmed.substring(0, dash).trim();
      String to = trimmed.substring(dash + 1).trim();
      Optional<String> problem = portProblem(from).or(() -> portProblem(to));
      if (problem.isPresent()) {
        return problem;
      }
      if (Integer.parseInt(from) > Integer.parseInt(to)) {
        return Optional.of("has the range " + trimmed + " whose start is after its end");
      }
    }
    return Optional.empty();
  }

  /** The list with blanks removed around items ({@code "25, 80"} becomes {@code "25,80"}). */
  static String normalizePortList(String value) {
    return String.join(
        ",", value.isBlank() ? new String[0] : value.replaceAll("\\s", "").split(","));
  }

  private static Optional<String> portProblem(String port) {
    if (!port.matches("[0-9]{1,5}")) {
      return Optional.of("has \"" + port + "\", which is not a port number or range");
    }
    int number = Integer.parseInt(port);
    if (number < 1 || number > 65535) {
      return Optional.of("has the port " + number + ", outside 1-65535");
    }
    return Optional.empty();
  }

  /** A resource quantity such as {@code 100m}, {@code 0.5} or {@code 128Mi}. */
  static Optional<String> quantityProblem(String value) {
    if (QUANTITY.matcher(value.trim()).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "is \"" + value + "\", which is not a Kubernetes quantity (for example 100m, 0.5, 128Mi)");
  }

  static Optional<String> logLevelProblem(String value) {
    if (LOG_LEVEL.matcher(value.trim()).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "is \"" + value + "\", which is not a log level (for example info or debug)");
  }
}
