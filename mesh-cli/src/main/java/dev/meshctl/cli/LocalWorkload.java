package dev.meshctl.cli;

import dev.meshctl.api.IdentityName;
import java.util.List;
import java.util.Objects;

/**
 * One workload of the local mesh: an application process and its proxy, each listening on its own
 * loopback ports, registered as a Deployment's pod (and, when it serves, a Service) in the local
 * registry.
 *
 * @param servicePort the Service port clients address ({@code name.ns.svc.cluster.local:port}), or
 *     0 for a workload that only calls others
 * @param appPort where the application listens (the proxy forwards inbound traffic there), or 0
 * @param calls the authorities it calls, watched by its proxy from start
 */
record LocalWorkload(
    String namespace,
    String name,
    int servicePort,
    int appPort,
    ProxyPorts proxy,
    List<String> calls) {

  static final String CONTROL_PLANE_NAMESPACE = "meshctl-system";
  static final String TRUST_DOMAIN = "cluster.local";
  static final String CLUSTER_DOMAIN = "cluster.local";

  /** The proxy's listeners on 127.0.0.1. */
  record ProxyPorts(int outbound, int inbound, int admin, int tap) {}

  LocalWorkload {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(proxy, "proxy");
    calls = List.copyOf(calls);
  }

  boolean serves() {
    return servicePort != 0;
  }

  /** The authority clients use: {@code name.ns.svc.cluster.local:port}. */
  String authority() {
    return authority(name, namespace, servicePort);
  }

  static String authority(String service, String namespace, int port) {
    return service + "." + namespace + ".svc." + CLUSTER_DOMAIN + ":" + port;
  }

  /** Its ServiceAccount is named as the workload, so its identity is this. */
  IdentityName identity() {
    return new IdentityName(name, namespace, CONTROL_PLANE_NAMESPACE, TRUST_DOMAIN);
  }

  /** The pod's name: {@code <deployment>-<pod-template-hash>-<suffix>}, as Kubernetes names it. */
  String podName() {
    return replicaSetName() + "-" + PodTemplateHash.of(namespace + "/" + name).substring(0, 5);
  }

  String replicaSetName() {
    return name + "-" + PodTemplateHash.of(name);
  }

  /** A stable stand-in for the pod-template-hash label, so pod names stay the same across runs. */
  static final class PodTemplateHash {
    private PodTemplateHash() {}

    static String of(String name) {
      String alphabet = "bcdfghjklmnpqrstvwxz2456789";
      int hash = Math.abs(name.hashCode() % 1_000_000_000);
      StringBuilder label = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        label.append(alphabet.charAt(hash % alphabet.length()));
        hash /= alphabet.length();
      }
      return label.toString();
    }
  }
}
