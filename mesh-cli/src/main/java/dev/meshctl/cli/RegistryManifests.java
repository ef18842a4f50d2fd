package dev.meshctl.cli;

import dev.meshctl.api.MeshAnnotations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The local registry's view of a {@link LocalWorkload}: a Pod owned by a Deployment's ReplicaSet,
 * meshed (it has a {@code mesh-proxy} container), whose ServiceAccount gives its identity and whose
 * annotations say where its proxy's admin and tap servers listen; and, when it serves, a Service
 * and an EndpointSlice pointing at its proxy's inbound port. Every name written here has been
 * checked as a DNS label, so no value needs YAML quoting.
 */
final class RegistryManifests {

  private RegistryManifests() {}

  static String of(LocalWorkload workload) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(pod(workload));
    if (workload.serves()) {
      yaml.append("---\n").append(service(workload));
      yaml.append("---\n").append(endpointSlice(workload));
    }
    return yaml.toString();
  }

  /** The file a workload's manifests go to in the registry folder. */
  static Path file(Path registry, LocalWorkload workload) {
    return registry.resolve(workload.namespace() + "-" + workload.name() + ".yaml");
  }

  /** Writes {@code content} to {@code file} in one step (the controller polls the folder). */
  static void writeAtomically(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
      Files.writeString(partial, content);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String pod(LocalWorkload w) {
    String hash = LocalWorkload.PodTemplateHash.of(w.name());
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          labels: {app: %s, pod-template-hash: %s}
          annotations:
            %s: "%d"
            %s: "%d"
          ownerReferences:
            - {apiVersion: apps/v1, kind: ReplicaSet, name: %s, controller: true, uid: local-%s}
        spec:
          serviceAccountName: %s
          containers:
            - {name: %s, image: local}
            - {name: mesh-proxy, image: mesh-proxy}
        status: {podIP: 127.0.0.1, phase: Running}
        """
        .formatted(
            w.podName(),
            w.namespace(),
            w.name(),
            hash,
            MeshAnnotations.PROXY_ADMIN_PORT,
            w.proxy().admin(),
            MeshAnnotations.PROXY_TAP_PORT,
            w.proxy().tap(),
            w.replicaSetName(),
            w.replicaSetName(),
            w.name(),
            w.name());
  }

  private static String service(LocalWorkload w) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: %s}
        spec:
          ports: [{name: http, port: %d, targetPort: %d}]
        """
        .formatted(w.name(), w.namespace(), w.servicePort(), w.appPort());
  }

  private static String endpointSlice(LocalWorkload w) {
    return """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: %s-local
          namespace: %s
          labels: {kubernetes.io/service-name: %s}
        addressType: IPv4
        ports: [{name: http, port: %d}]
        endpoints:
          - addresses: [127.0.0.1]
            conditions: {ready: true}
            targetRef: {kind: Pod, name: %s, namespace: %s}
        """
        .formatted(
            w.name(), w.namespace(), w.name(), w.proxy().inbound(), w.podName(), w.namespace());
  }
}
