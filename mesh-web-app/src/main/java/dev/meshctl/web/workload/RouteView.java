package dev.meshctl.web.workload;

import dev.meshctl.web.MetricFormat;
import dev.meshctl.web.api.RouteRow;

/** A row of the workload page's route table, formatted. */
public record RouteView(RouteRow row) {

  public String route() {
    return row.route();
  }

  public String authority() {
    return row.authority();
  }

  public String success() {
    return MetricFormat.success(row.successRate());
  }

  public String rps() {
    return MetricFormat.rps(row.rps());
  }

  public String p50() {
    return MetricFormat.latency(row.latencyP50Ms());
  }

  public String p95() {
    return MetricFormat.latency(row.latencyP95Ms());
  }

  public String p99() {
    return MetricFormat.latency(row.latencyP99Ms());
  }

  public boolean belowTarget() {
    return MetricFormat.belowTarget(row.successRate());
  }
}
