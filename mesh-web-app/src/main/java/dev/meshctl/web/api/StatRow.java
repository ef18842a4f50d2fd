package dev.meshctl.web.api;

/**
 * A row of {@code GET /api/v1/stat}. {@code successRate} (0..1) and the latencies are null when the
 * resource saw no request in the window.
 */
public record StatRow(
    String namespace,
    String kind,
    String name,
    int meshedPods,
    int pods,
    Double successRate,
    double rps,
    Double latencyP50Ms,
    Double latencyP95Ms,
    Double latencyP99Ms,
    long tcpConnections) {}
