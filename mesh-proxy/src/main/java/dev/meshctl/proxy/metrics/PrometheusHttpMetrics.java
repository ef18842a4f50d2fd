package dev.meshctl.proxy.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.Arrays;

/**
 * Request metrics of one label set. The request counter is resolved once; the response series,
 * which add a status code, are resolved on a status code's first response and kept in a small
 * copy-on-write array, so that a response with an already seen status allocates nothing.
 */
final class PrometheusHttpMetrics implements HttpMetrics {

  private static final double NANOS_PER_MILLI = 1_000_000.0;

  private final CounterDataPoint requests;
  private final Counter responses;
  private final Histogram latency;
  private final String[] labelValues;
  private volatile StatusSeries[] byStatus = new StatusSeries[0];

  /**
   * @param labelValues direction, authority, target_addr, tls
   */
  PrometheusHttpMetrics(
      CounterDataPoint requests, Counter responses, Histogram latency, String[] labelValues) {
    this.requests = requests;
    this.responses = responses;
    this.latency = latency;
    this.labelValues = labelValues;
  }

  @Override
  public void requestStarted() {
    requests.inc();
  }

  @Override
  public void responseEnded(int statusCode, Classification classification, long latencyNanos) {
    StatusSeries series = series(statusCode);
    series.latency.observe(latencyNanos / NANOS_PER_MILLI);
    series.responses(classification).inc();
  }

  private StatusSeries series(int statusCode) {
    // A label set sees a handful of distinct status codes, so a linear scan beats hashing.
    for (StatusSeries series : byStatus) {
      if (series.statusCode == statusCode) {
        return series;
      }
    }
    return addSeries(statusCode);
  }

  private synchronized StatusSeries addSeries(int statusCode) {
    StatusSeries[] current = byStatus;
    for (StatusSeries series : current) {
      if (series.statusCode == statusCode) {
        return series;
      }
    }
    StatusSeries added = new StatusSeries(statusCode);
    StatusSeries[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = added;
    byStatus = next;
    return added;
  }

  private String[] withStatus(String statusLabel, String... more) {
    String[] values = Arrays.copyOf(labelValues, labelValues.length + 1 + more.length);
    values[labelValues.length] = statusLabel;
    System.arraycopy(more, 0, values, labelValues.length + 1, more.length);
    return values;
  }

  /** The series of one status code; the per-classification counters appear on first use. */
  private final class StatusSeries {

    final int statusCode;
    final String statusLabel;
    final DistributionDataPoint latency;
    private volatile CounterDataPoint success;
    private volatile CounterDataPoint failure;

    StatusSeries(int statusCode) {
      this.statusCode = statusCode;
      this.statusLabel = Integer.toString(statusCode);
      this.latency = PrometheusHttpMetrics.this.latency.labelValues(withStatus(statusLabel));
    }

    CounterDataPoint responses(Classification classification) {
      // Resolving twice in a race is harmless: the counter returns the same data point.
      if (classification == Classification.SUCCESS) {
        CounterDataPoint point = success;
        if (point == null) {
          point = resolve(classification);
          success = point;
        }
        return point;
      }
      CounterDataPoint point = failure;
      if (point == null) {
        point = resolve(classification);
        failure = point;
      }
      return point;
    }

    private CounterDataPoint resolve(Classification classification) {
      return responses.labelValues(withStatus(statusLabel, classification.label()));
    }
  }
}
