package dev.meshctl.web.namespace;

import dev.meshctl.web.MetricFormat;
import dev.meshctl.web.api.StatRow;
import dev.meshctl.web.api.Workload;

/**
 * A row of the namespace page's workload table. The {@code *Value} accessors are the raw numbers
 * the browser sorts by ({@code -1} where there is none, so that those sort first ascending).
 */
public record WorkloadSummary(Workload workload, StatRow stat) {

  public String kind() {
    return workload.kind();
  }

  public String name() {
    return workload.name();
  }

  public String meshed() {
    long meshedPods = workload.pods().stream().filter(Workload.Pod::meshed).count();
    return meshedPods + "/" + workload.pods().size();
  }

  public String success() {
    return MetricFormat.success(stat == null ? null : stat.successRate());
  }

  public String rps() {
    return MetricFormat.rps(stat == null ? 0 : stat.rps());
  }

  public String p50() {
    return MetricFormat.latency(stat == null ? null : stat.latencyP50Ms());
  }

  public String p95() {
    return MetricFormat.latency(stat == null ? null : stat.latencyP95Ms());
  }

  public String p99() {
    return MetricFormat.latency(stat == null ? null : stat.latencyP99Ms());
  }

  public boolean belowTarget() {
    return stat != null && MetricFormat.belowTarget(stat.successRate());
  }

  public double successValue() {
    return stat == null || stat.successRate() == null ? -1 : stat.successRate();
  }

  public double rpsValue() {
    return stat == null ? 0 : stat.rps();
  }

  public double p50Value() {
    return value(stat == null ? null : stat.latencyP50Ms());
  }

  public double p95Value() {
    return value(stat == null ? null : stat.latencyP95Ms());
  }

  public double p99Value() {
    return value(stat == null ? null : stat.latencyP99Ms());
  }

  private static double value(Double v) {
    return v == null ? -1 : v;
  }
}
