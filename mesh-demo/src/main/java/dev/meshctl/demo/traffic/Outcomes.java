package dev.meshctl.demo.traffic;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the traffic generator's requests ended, counted by outcome since start: the status code
 * ({@code 200}, {@code 500}...), or why there was none ({@code connect-error}, {@code timeout},
 * {@code io-error}), or {@code skipped} for a request not sent because too many were in flight.
 * Thread-safe; the set of outcomes is small and bounded.
 */
public final class Outcomes {

  public static final String CONNECT_ERROR = "connect-error";
  public static final String TIMEOUT = "timeout";
  public static final String IO_ERROR = "io-error";
  public static final String SKIPPED = "skipped";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String outcome) {
    counts.computeIfAbsent(outcome, key -> new LongAdder()).increment();
  }

  void recordStatus(int status) {
    record(Integer.toString(status));
  }

  /** The counts so far, by outcome in alphabetical order (status codes first). */
  public SortedMap<String, Long> snapshot() {
    SortedMap<String, Long> snapshot = new TreeMap<>();
    counts.forEach((outcome, count) -> snapshot.put(outcome, count.sum()));
    return snapshot;
  }

  /** Every outcome but {@link #SKIPPED}: the requests that were sent, answered or not. */
  public long sent() {
    return snapshot().entrySet().stream()
        .filter(entry -> !entry.getKey().equals(SKIPPED))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
