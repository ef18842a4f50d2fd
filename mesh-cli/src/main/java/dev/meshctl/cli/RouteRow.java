package dev.meshctl.cli;

/**
 * One row of {@code GET /api/v1/routes}: a route of the resource's outbound traffic, {@code
 * [DEFAULT]} for requests no route matched. Success rate and latencies are null without requests.
 */
record RouteRow(
    String route,
    String authority,
    Double successRate,
    double rps,
    Double latencyP50Ms,
    Double latencyP95Ms,
    Double latencyP99Ms) {}
