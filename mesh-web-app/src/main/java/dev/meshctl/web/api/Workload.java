package dev.meshctl.web.api;

import java.util.List;

/** One entry of {@code GET /api/v1/namespaces/{ns}/workloads}: pods grouped by their owner. */
public record Workload(String kind, String name, List<Pod> pods, boolean meshed) {

  public Workload {
    pods = pods == null ? List.of() : List.copyOf(pods);
  }

  /** A pod of the workload; {@code identity} is null when the pod is not meshed. */
  public record Pod(String name, String ip, boolean meshed, String identity) {}
}
