package dev.meshctl.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Counts one run's outcomes on the client's event loop: latency of successes (nanoseconds, three
 * significant digits up to two minutes), failures by reason, and how late the generator sent.
 * Answers that arrive after {@link #finish} are ignored, so a late one never leaks into the next
 * run.
 */
final class RunRecorder {

  private static final long HIGHEST_NANOS = 120_000_000_000L;
  private static final int MAX_DETAILS = 10;

  private final Histogram latency = new Histogram(1_000, HIGHEST_NANOS, 3);
  private final Histogram sendLag = new Histogram(1_000, HIGHEST_NANOS, 3);
  private final Map<RequestError, Long> errors = new EnumMap<>(RequestError.class);
  private final Map<String, Long> details = new LinkedHashMap<>();
  private final long startNanos;
  private long sent;
  private long answered;
  private long ok;
  private long lastAnswerNanos;
  private boolean finished;

  RunRecorder(long startNanos) {
    this.startNanos = startNanos;
    this.lastAnswerNanos = startNanos;
  }

  void sent(long lagNanos) {
    sent++;
    sendLag.recordValue(clamp(lagNanos));
  }

  /** Records an answer to a request whose latency counts from {@code fromNanos}. */
  void answered(long fromNanos, RequestError error, String detail) {
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    answered++;
    lastAnswerNanos = now;
    if (error == null) {
      ok++;
      latency.recordValue(clamp(now - fromNanos));
    } else {
      errors.merge(error, 1L, Long::sum);
      String key = detail == null ? error.name().toLowerCase(Locale.ROOT) : shorten(detail);
      details.merge(
          details.containsKey(key) || details.size() < MAX_DETAILS ? key : "other", 1L, Long::sum);
    }
  }

  boolean allAnswered() {
    return answered == sent;
  }

  boolean finished() {
    return finished;
  }

  /** Ends the run: requests not answered by now count as timeouts. */
  LoadResult finish(LoadModel model, int targetRate, int concurrency, long minimumNanos) {
    finished = true;
    if (sent > answered) {
      errors.merge(RequestError.TIMEOUT, sent - answered, Long::sum);
      details.merge("no answer before the end of the drain period", sent - answered, Long::sum);
    }
    double seconds = Math.max(minimumNanos, lastAnswerNanos - startNanos) / 1e9;
    return new LoadResult(
        model,
        targetRate,
        concurrency,
        seconds,
        sent,
        ok,
        Map.copyOf(errors),
        Collections.unmodifiableMap(new LinkedHashMap<>(details)),
        seconds > 0 ? ok / seconds : 0,
        ok > 0 ? Latency.of(latency) : null,
        sendLag.getTotalCount() > 0 ? sendLag.getValueAtPercentile(99) / 1e6 : 0,
        encode(latency));
  }

  /**
   * A detail as a short, bounded key: addresses and long numbers that differ from one failure to
   * the next (ports, stream ids) would make every failure its own kind.
   */
  static String shorten(String detail) {
    String s =
        detail
            .replaceAll("\\[?[0-9a-fA-F.:]+]?:\\d{2,5}", "<addr>")
            .replaceAll("\\(\\.\\.\\)", "")
            .replaceAll("\\b\\d{4,}\\b", "N")
            .replaceAll("\\s+", " ")
            .trim();
    return s.length() <= 90 ? s : s.substring(0, 87) + "...";
  }

  private static long clamp(long nanos) {
    return Math.max(0, Math.min(nanos, HIGHEST_NANOS));
  }

  private static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }
}
