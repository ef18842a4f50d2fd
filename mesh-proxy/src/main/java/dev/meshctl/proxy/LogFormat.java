package dev.meshctl.proxy;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr: time, level, logger, message (and a cause, when there is one).
 */
final class LogFormat extends Formatter {

  /** The level set at start, for {@link #emit} (the root logger's is gone once logging resets). */
  private static volatile Level threshold = Level.INFO;

  private LogFormat() {}

  static void install(Level level) {
    threshold = level;
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new ConsoleHandler();
    handler.setFormatter(new LogFormat());
    handler.setLevel(level);
    root.addHandler(handler);
    root.setLevel(level);
    // Netty logs through java.util.logging here; its debug chatter is not the proxy's.
    Logger.getLogger("io.netty")
        .setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
  }

  /**
   * Writes a line straight to stderr in this format. For shutdown: java.util.logging resets its
   * handlers in a shutdown hook of its own, so records logged while draining on SIGTERM would be
   * lost.
   */
  static void emit(Level level, Class<?> source, String message) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(source.getName());
    if (level.intValue() >= threshold.intValue()) {
      System.err.print(new LogFormat().format(record));
      System.err.flush();
    }
  }

  @Override
  public String format(LogRecord record) {
    String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
    int dot = logger.lastIndexOf('.');
    StringBuilder line =
        new StringBuilder(128)
            .append(Instant.ofEpochMilli(record.getMillis()))
            .append(' ')
            .append(record.getLevel().getName())
            .append(' ')
            .append(dot < 0 ? logger : logger.substring(dot + 1))
            .append(": ")
            .append(formatMessage(record));
    if (record.getThrown() != null) {
      line.append(": ").append(record.getThrown());
    }
    return line.append(System.lineSeparator()).toString();
  }
}
