package dev.meshctl.web.api;

/** A row of {@code GET /api/v1/routes}: one route toward one destination authority. */
public record RouteRow(
    String route,
    String authority,
    Double successRate,
    double rps,
    Double latencyP50Ms,
    Double latencyP95Ms,
    Double latencyP99Ms) {}
