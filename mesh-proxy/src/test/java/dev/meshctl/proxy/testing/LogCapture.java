package dev.meshctl.proxy.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one class logs, for tests to read; close to detach. */
public final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final Level previous;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  public static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  /** The formatted messages at {@code level}, in order. */
  public List<String> messages(Level level) {
    return records.stream()
        .filter(record -> record.getLevel().equals(level))
        .map(LogCapture::text)
        .toList();
  }

  /** Every message at any level, with its thrown exception if any. */
  public List<String> all() {
    return records.stream()
        .map(r -> text(r) + (r.getThrown() == null ? "" : " " + r.getThrown()))
        .toList();
  }

  private static String text(LogRecord record) {
    return record.getMessage();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
