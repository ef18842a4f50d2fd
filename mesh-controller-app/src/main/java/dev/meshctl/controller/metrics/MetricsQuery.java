package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.MeshSettings;

/**
 * Answers the metrics API ({@code stat}, {@code routes}, {@code edges}) from a {@link
 * MetricsSource}'s series and the discovery model; each answer is assembled by its own class
 * ({@link StatQuery}, {@link RoutesQuery}, {@link EdgesQuery}) over the same checks of the
 * parameters ({@link QueryParameters}). Spring-free; a bad parameter is an {@link
 * InvalidQueryException} (400), an unknown namespace or resource an {@link
 * UnknownResourceException} (404), a source that cannot answer a {@link
 * MetricsUnavailableException} (503).
 */
public final class MetricsQuery {

  private final StatQuery stat;
  private final RoutesQuery routes;
  private final EdgesQuery edges;

  public MetricsQuery(DiscoveryModel model, MeshSettings settings, MetricsSource source) {
    QueryParameters parameters = new QueryParameters(model);
    this.stat = new StatQuery(model, source, parameters);
    this.routes = new RoutesQuery(model, settings, source, parameters);
    this.edges = new EdgesQuery(model, settings, source, parameters);
  }

  /**
   * Golden metrics of every resource {@code resource} names: of their inbound traffic; with {@code
   * from}, of the outbound traffic of {@code from}'s pods toward each; with {@code to}, of each
   * one's outbound traffic toward {@code to}.
   *
   * @param namespace ignored for {@code resource=namespace}; {@code default} when null
   * @param from null, or a resource in the same namespace; not with {@code to}
   * @param to null, or a resource in the same namespace; not with {@code from}
   * @param window null for 1m
   */
  public StatView stat(String resource, String namespace, String from, String to, String window) {
    return stat.stat(resource, namespace, from, to, window);
  }

  /**
   * Golden metrics per route of the outbound traffic of {@code resource}'s pods ({@code route_*}).
   *
   * @param to null, or a Service name or authority the routes' destination must be
   */
  public RoutesView routes(String resource, String namespace, String to, String window) {
    return routes.routes(resource, namespace, to, window);
  }

  /**
   * The edges between the namespace's resources of {@code resource}'s type (its name, if given,
   * must be at one end) with traffic in the window, from the outbound traffic of its pods.
   */
  public EdgesView edges(String resource, String namespace, String window) {
    return edges.edges(resource, namespace, window);
  }
}
