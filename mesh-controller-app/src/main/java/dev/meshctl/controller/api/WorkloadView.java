package dev.meshctl.controller.api;

import java.util.List;

/**
 * The pods of one owner: {@code GET /api/v1/namespaces/{ns}/workloads}.
 *
 * @param kind lower case ({@code deployment}, {@code statefulset}...); {@code pod} for a pod
 *     without an owner, which is then its own workload
 * @param meshed whether every one of its pods runs the mesh proxy
 */
public record WorkloadView(String kind, String name, List<Pod> pods, boolean meshed) {

  public WorkloadView {
    pods = List.copyOf(pods);
  }

  /**
   * @param ip null until the pod has one
   * @param identity the TLS identity a meshed pod presents; null when not meshed
   */
  public record Pod(String name, String ip, boolean meshed, String identity) {}
}
