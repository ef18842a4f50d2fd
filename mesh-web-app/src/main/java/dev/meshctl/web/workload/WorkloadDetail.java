package dev.meshctl.web.workload;

import dev.meshctl.web.MetricFormat;
import dev.meshctl.web.api.StatRow;
import dev.meshctl.web.api.Workload;
import java.util.List;

/**
 * Everything the workload page shows: its own golden metrics ({@code stat}, null when the
 * controller has none), its routes, its outbound and inbound edges, its pods.
 */
public record WorkloadDetail(
    Workload workload,
    StatRow stat,
    List<RouteView> routes,
    List<EdgeView> edgesOut,
    List<EdgeView> edgesIn,
    String note) {

  public String success() {
    return MetricFormat.success(stat == null ? null : stat.successRate());
  }

  public String rps() {
    return MetricFormat.rps(stat == null ? 0 : stat.rps());
  }

  public String p50() {
    return MetricFormat.latency(stat == null ? null : stat.latencyP50Ms());
  }

  public String p99() {
    return MetricFormat.latency(stat == null ? null : stat.latencyP99Ms());
  }

  /** Raw numbers for the page's charts; empty text where there was no request. */
  public String successSample() {
    return stat == null || stat.successRate() == null ? "" : Double.toString(stat.successRate());
  }

  public String p50Sample() {
    return stat == null || stat.latencyP50Ms() == null ? "" : Double.toString(stat.latencyP50Ms());
  }

  public String p99Sample() {
    return stat == null || stat.latencyP99Ms() == null ? "" : Double.toString(stat.latencyP99Ms());
  }
}
