package dev.meshctl.web.api;

/** One entry of {@code GET /api/v1/namespaces}. */
public record Namespace(String name, int services, int workloads, int meshedPods, int pods) {}
