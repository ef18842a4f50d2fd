package dev.meshctl.proxy.admin;

import java.util.Locale;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The proxy's log level at run time, behind {@code GET/PUT /proxy-log-level}, and the one mapping
 * between the level names operators type (trace, debug, info, warn, error, off) and {@code
 * java.util.logging} levels. The names map as SLF4J's and Netty's JDK logging bindings do: trace is
 * FINEST, debug FINE, info INFO, warn WARNING, error SEVERE.
 */
public final class LogLevels {

  /** The accepted names, most verbose first, for messages. */
  public static final String ACCEPTED = "trace, debug, info, warn, error, off";

  private final Logger root;

  /**
   * @param root the logger whose level (and whose handlers' levels) this controls; the proxy passes
   *     the root logger, {@code Logger.getLogger("")}
   */
  public LogLevels(Logger root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** Controls the {@code java.util.logging} root logger. */
  public static LogLevels root() {
    return new LogLevels(Logger.getLogger(""));
  }

  /** The effective level: the logger's own, else the nearest ancestor's, else INFO. */
  public synchronized Level current() {
    for (Logger logger = root; logger != null; logger = logger.getParent()) {
      if (logger.getLevel() != null) {
        return logger.getLevel();
      }
    }
    return Level.INFO;
  }

  /** Sets the level of the logger and of every handler attached to it. */
  public synchronized void set(Level level) {
    Objects.requireNonNull(level, "level");
    root.setLevel(level);
    for (Handler handler : root.getHandlers()) {
      handler.setLevel(level);
    }
  }

  /**
   * @param name one of {@value #ACCEPTED}, in any case, surrounding whitespace ignored
   * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
   */
  public static Level parse(String name) {
    String trimmed = name == null ? "" : name.trim();
    return switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.FINEST;
      case "debug" -> Level.FINE;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      case "off" -> Level.OFF;
      default ->
          throw new IllegalArgumentException(
              "unknown log level '" + trimmed + "'; expected one of " + ACCEPTED);
    };
  }

  /**
   * The name of {@code level}, so that {@code name(parse(n))} is {@code n} for every accepted name.
   * A JUL level without a name of its own reads as the named level just below it: CONFIG as debug,
   * FINER and ALL as trace.
   */
  public static String name(Level level) {
    int value = Objects.requireNonNull(level, "level").intValue();
    if (value == Level.OFF.intValue()) {
      return "off";
    } else if (value >= Level.SEVERE.intValue()) {
      return "error";
    } else if (value >= Level.WARNING.intValue()) {
      return "warn";
    } else if (value >= Level.INFO.intValue()) {
      return "info";
    } else if (value >= Level.FINE.intValue()) {
      return "debug";
    }
    return "trace";
  }
}
