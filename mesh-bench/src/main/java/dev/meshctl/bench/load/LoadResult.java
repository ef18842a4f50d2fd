package dev.meshctl.bench.load;

import java.util.Locale;
import java.util.Map;

/**
 * What one run measured.
 *
 * @param targetRate requests per second asked for (open model); 0 for the closed model
 * @param concurrency requests kept outstanding (closed model); 0 for the open model
 * @param seconds time from the first send to the last answer (at least the run's duration)
 * @param sent requests sent
 * @param ok requests answered with 200 and the full body
 * @param errors failed requests by reason (timeouts included)
 * @param errorDetails failed requests by what exactly failed ({@code status 502}...), at most ten
 *     kinds and {@code other}
 * @param achievedRate successful requests per second over {@code seconds}
 * @param latency percentiles of successful requests; null when none succeeded
 * @param sendLagP99Millis how late the generator itself sent (99th percentile), a check on the
 *     generator: latency below this cannot be told apart
 * @param histogram the latency histogram in HdrHistogram's compressed form, base64, nanoseconds
 */
public record LoadResult(
    LoadModel model,
    int targetRate,
    int concurrency,
    double seconds,
    long sent,
    long ok,
    Map<RequestError, Long> errors,
    Map<String, Long> errorDetails,
    double achievedRate,
    Latency latency,
    double sendLagP99Millis,
    String histogram) {

  /** All failed requests. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One line for logs: rate, achieved, errors, percentiles. */
  public String summary() {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %.0f rps achieved, %d ok, %d errors%s",
                targetRate > 0 ? targetRate + " rps" : "closed loop x" + concurrency,
                achievedRate,
                ok,
                errorCount(),
                errorDetails.isEmpty() ? "" : " " + errorDetails));
    if (latency != null) {
      line.append(
          String.format(
              Locale.ROOT,
              "; ms p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f; send lag p99 %.3f",
              latency.p50(),
              latency.p90(),
              latency.p99(),
              latency.p999(),
              latency.max(),
              sendLagP99Millis));
    }
    return line.toString();
  }

  /** Requests that were still unanswered at the end: the client is out of step and is replaced. */
  public long timeouts() {
    return errors.getOrDefault(RequestError.TIMEOUT, 0L);
  }
}
