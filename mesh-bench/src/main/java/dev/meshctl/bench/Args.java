package dev.meshctl.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} command-line options, checked against a known set. */
final class Args {

  private final Map<String, String> values = new HashMap<>();

  private Args() {}

  /** Parses {@code args}; {@code flags} take no value, {@code options} take one. */
  static Args parse(List<String> args, Set<String> flags, Set<String> options) {
    Args parsed = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        parsed.put(name.substring(0, eq), name.substring(eq + 1), flags, options);
      } else if (flags.contains(name)) {
        parsed.values.put(name, "true");
      } else if (options.contains(name)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        parsed.values.put(name, args.get(++i));
      } else {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    return parsed;
  }

  private void put(String name, String value, Set<String> flags, Set<String> options) {
    if (!flags.contains(name) && !options.contains(name)) {
      throw new IllegalArgumentException("unknown option --" + name);
    }
    values.put(name, value);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  Duration duration(String name, Duration fallback) {
    String value = values.get(name);
    return value == null ? fallback : parseDuration(value);
  }

  /** An {@code ip:port} option. */
  InetSocketAddress address(String name, String fallback) {
    String value = get(name, fallback);
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--" + name + ": expected ip:port, got " + value);
    }
    String host = value.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
  }

  /** {@code 500ms}, {@code 10s}, {@code 2m}. */
  static Duration parseDuration(String value) {
    if (value.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
    }
    if (value.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    if (value.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    throw new IllegalArgumentException("not a duration (500ms, 10s, 2m): " + value);
  }
}
