package dev.meshctl.controller.discovery;

import dev.meshctl.api.IdentityName;

/**
 * The names the translation needs that are the same for the whole mesh.
 *
 * @param clusterDomain the cluster's DNS domain ({@code cluster.local})
 * @param controlPlaneNamespace namespace of the control plane, part of every identity name
 * @param trustDomain the mesh's trust domain, part of every identity name
 */
public record MeshSettings(String clusterDomain, String controlPlaneNamespace, String trustDomain) {

  public MeshSettings {
    IdentityName.requireMesh(controlPlaneNamespace, trustDomain);
    if (clusterDomain == null || clusterDomain.isEmpty()) {
      throw new IllegalArgumentException("cluster domain: missing");
    }
  }

  /** The fully qualified name of a Service: {@code svc.ns.svc.cluster.local}. */
  public String fullyQualifiedName(ObjectKey service) {
    return service.name() + "." + service.namespace() + ".svc." + clusterDomain;
  }
}
