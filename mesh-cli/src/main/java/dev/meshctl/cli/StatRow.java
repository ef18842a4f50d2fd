package dev.meshctl.cli;

/**
 * One row of {@code GET /api/v1/stat}: a resource's golden metrics over the window. The success
 * rate and latencies are null when the resource saw no request in the window.
 */
record StatRow(
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
    Long tcpConnections) {}
