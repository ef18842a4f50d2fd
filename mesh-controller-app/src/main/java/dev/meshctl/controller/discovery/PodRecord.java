package dev.meshctl.controller.discovery;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Pod, as far as discovery needs it.
 *
 * @param ip the pod's IP; empty until it has one
 * @param serviceAccount its ServiceAccount, which gives a meshed pod its identity
 * @param meshed whether it runs the mesh proxy (see {@link KubernetesObjects#PROXY_CONTAINER})
 * @param workload the object that owns it ({@code deployment/web}, {@code statefulset/db}); empty
 *     for a bare pod
 * @param opaquePorts ports whose traffic is opaque TCP ({@code config.meshctl.dev/opaque-ports})
 * @param proxyAdminPort the port of its proxy's admin server ({@code /metrics}) on the pod's IP,
 *     from the annotation {@code meshctl.dev/proxy-admin-port}; empty for the default (4191)
 * @param tapPort its proxy's tap port ({@code meshctl.dev/proxy-tap-port}); empty for the default
 */
public record PodRecord(
    ObjectKey key,
    Optional<String> ip,
    String serviceAccount,
    boolean meshed,
    Optional<Workload> workload,
    Set<Integer> opaquePorts,
    OptionalInt proxyAdminPort,
    OptionalInt tapPort)
    implements DiscoveryObject {

  public PodRecord {
    opaquePorts = Set.copyOf(opaquePorts);
  }

  /** A pod whose proxy, if any, serves its admin and tap servers on the default ports. */
  public PodRecord(
      ObjectKey key,
      Optional<String> ip,
      String serviceAccount,
      boolean meshed,
      Optional<Workload> workload,
      Set<Integer> opaquePorts) {
    this(
        key,
        ip,
        serviceAccount,
        meshed,
        workload,
        opaquePorts,
        OptionalInt.empty(),
        OptionalInt.empty());
  }

  /**
   * The controller that owns a pod.
   *
   * @param kind lower case: deployment, statefulset, daemonset, replicaset, job...
   */
  public record Workload(String kind, String name) {}

  @Override
  public Kind kind() {
    return Kind.POD;
  }
}
