package dev.meshctl.web.overview;

import dev.meshctl.web.MetricFormat;
import dev.meshctl.web.api.StatRow;

/** A row of the overview's namespace table: meshed workloads and the namespace's golden metrics. */
public record NamespaceSummary(String name, int meshedWorkloads, int workloads, StatRow stat) {

  public String meshed() {
    return meshedWorkloads + "/" + workloads;
  }

  public String success() {
    return MetricFormat.success(stat == null ? null : stat.successRate());
  }

  public String rps() {
    return MetricFormat.rps(stat == null ? 0 : stat.rps());
  }

  public String p99() {
    return MetricFormat.latency(stat == null ? null : stat.latencyP99Ms());
  }

  public boolean belowTarget() {
    return stat != null && MetricFormat.belowTarget(stat.successRate());
  }
}
