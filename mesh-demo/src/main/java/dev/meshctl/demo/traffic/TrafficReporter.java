package dev.meshctl.demo.traffic;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes one line per interval with what the traffic generator's requests got in that interval,
 * e.g. {@code traffic: last 10s: 100 requests (10.0/s): 200=81 500=19}. Run on the generator's
 * scheduler, one interval apart.
 */
final class TrafficReporter implements Runnable {

  private final Outcomes outcomes;
  private final Duration interval;
  private final PrintWriter out;
  private SortedMap<String, Long> previous = new TreeMap<>();

  TrafficReporter(Outcomes outcomes, Duration interval, PrintWriter out) {
    this.outcomes = outcomes;
    this.interval = interval;
    this.out = out;
  }

  @Override
  public void run() {
    SortedMap<String, Long> now = outcomes.snapshot();
    out.println(line(previous, now, interval));
    out.flush();
    previous = now;
  }

  static String line(Map<String, Long> before, SortedMap<String, Long> now, Duration interval) {
    StringBuilder counts = new StringBuilder();
    long requests = 0;
    for (Map.Entry<String, Long> entry : now.entrySet()) {
      long count = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      if (count == 0) {
        continue;
      }
      if (!entry.getKey().equals(Outcomes.SKIPPED)) {
        requests += count;
      }
      counts.append(' ').append(entry.getKey()).append('=').append(count);
    }
    double seconds = interval.toMillis() / 1000.0;
    return String.format(
        Locale.ROOT,
        "traffic: last %s: %d requests (%.1f/s):%s",
        label(interval),
        requests,
        requests / seconds,
        counts.length() == 0 ? " none" : counts);
  }

  private static String label(Duration interval) {
    long millis = interval.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
