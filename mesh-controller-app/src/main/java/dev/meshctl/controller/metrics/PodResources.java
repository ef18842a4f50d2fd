package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import java.util.Optional;

/**
 * Which resource of a type a pod belongs to: its namespace, itself, or its owner when the owner is
 * of that kind. A pod the source names by labels only (gone from discovery, or known to Prometheus
 * alone) is placed by the workload the source gave, else by discovery's record of it.
 */
final class PodResources {

  private final DiscoveryModel model;

  PodResources(DiscoveryModel model) {
    this.model = model;
  }

  Optional<ResourceKey> of(PodRef pod, ResourceType type) {
    Optional<PodRecord.Workload> workload =
        pod.workload()
            .or(
                () ->
                    model
                        .pod(new ObjectKey(pod.namespace(), pod.name()))
                        .flatMap(PodRecord::workload));
    return of(pod.namespace(), pod.name(), workload, type);
  }

  static Optional<ResourceKey> of(PodRecord pod, ResourceType type) {
    return of(pod.key().namespace(), pod.key().name(), pod.workload(), type);
  }

  private static Optional<ResourceKey> of(
      String namespace, String name, Optional<PodRecord.Workload> workload, ResourceType type) {
    return switch (type) {
      case NAMESPACE -> Optional.of(new ResourceKey(namespace, type.kind(), namespace));
      case POD -> Optional.of(new ResourceKey(namespace, type.kind(), name));
      case AUTHORITY -> Optional.empty();
      default ->
          workload
              .filter(w -> w.kind().equals(type.kind()))
              .map(w -> new ResourceKey(namespace, type.kind(), w.name()));
    };
  }
}
