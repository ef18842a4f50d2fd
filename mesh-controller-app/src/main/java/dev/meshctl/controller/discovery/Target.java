package dev.meshctl.controller.discovery;

/** What an {@link Authority} resolves to. */
public sealed interface Target {

  /**
   * A Service's port, by name ({@code svc.ns.svc.cluster.local:80}, {@code svc.ns:80}) or by its
   * ClusterIP. The Service may not exist (yet): it is resolved by name alone.
   */
  record ServiceTarget(ObjectKey service, int port) implements Target {}

  /** A pod, by its IP: the one endpoint is that pod. */
  record PodTarget(PodRecord pod, int port) implements Target {}

  /** Nothing discovery knows: not a cluster name, or an IP of no Service or pod. */
  record Unknown() implements Target {}
}
