package dev.meshctl.controller.api;

/**
 * A namespace, as the objects discovery knows in it: {@code GET /api/v1/namespaces}.
 *
 * @param services its Services
 * @param workloads its workloads (pods grouped by owner; a pod without one counts as one)
 * @param meshedPods its pods that run the mesh proxy
 * @param pods all its pods
 */
public record NamespaceView(String name, int services, int workloads, int meshedPods, int pods) {}
