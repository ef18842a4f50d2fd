package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.MeshSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code routes}: the golden metrics per route of a resource's outbound traffic. */
final class RoutesQuery {

  private final MeshSettings settings;
  private final MetricsSource source;
  private final QueryParameters parameters;
  private final PodResources podResources;

  RoutesQuery(
      DiscoveryModel model,
      MeshSettings settings,
      MetricsSource source,
      QueryParameters parameters) {
    this.settings = settings;
    this.source = source;
    this.parameters = parameters;
    this.podResources = new PodResources(model);
  }

  /**
   * Golden metrics per route of the outbound traffic of {@code resource}'s pods ({@code route_*}).
   *
   * @param to null, or a Service name or authority the routes' destination must be
   */
  RoutesView routes(String resource, String namespace, String to, String window) {
    ResourceSpec spec = ResourceSpec.parse("resource", resource);
    if (spec.type() == ResourceType.AUTHORITY || spec.type() == ResourceType.NAMESPACE) {
      throw new InvalidQueryException(
          "routes are per workload or pod: resource must be a deployment, statefulset, daemonset or"
              + " pod, not "
              + spec.type().kind());
    }
    Duration span = QueryParameters.window(window);
    String ns = parameters.requireNamespace(namespace);
    parameters.requireExists(spec, ns);
    Traffic traffic = source.traffic(Optional.of(ns), span);
    Map<List<String>, Golden> routes = new TreeMap<>(RoutesQuery::compareRouteKeys);
    for (PodSeries series : traffic.series()) {
      if ((series.family() != MetricFamily.ROUTE_RESPONSES
              && series.family() != MetricFamily.ROUTE_LATENCY)
          || !"outbound".equals(series.label("direction"))
          || !podResources.of(series.pod(), spec.type()).filter(spec::matches).isPresent()) {
        continue;
      }
      String dst = series.label("dst");
      if (to != null && !to.isBlank() && !destinationIs(dst, to.trim(), ns)) {
        continue;
      }
      String route = series.label("rt_route");
      if (route.isEmpty() || route.equals("default")) {
        route = RoutesView.DEFAULT_ROUTE;
      }
      routes.computeIfAbsent(List.of(dst, route), k -> new Golden()).add(series);
    }
    List<RoutesView.Row> rows = new ArrayList<>();
    routes.forEach(
        (key, golden) ->
            rows.add(
                new RoutesView.Row(
                    key.get(1),
                    key.get(0),
                    golden.successRate(),
                    golden.rps(),
                    golden.latency(0.5),
                    golden.latency(0.95),
                    golden.latency(0.99))));
    return new RoutesView(
        Durations.format(traffic.span()), traffic.source(), traffic.note().orElse(null), rows);
  }

  /** Whether a route's {@code dst} authority is {@code to}: itself, its host, or its Service. */
  private boolean destinationIs(String dst, String to, String namespace) {
    if (dst.equals(to)) {
      return true;
    }
    int colon = dst.lastIndexOf(':');
    String host = colon > 0 ? dst.substring(0, colon) : dst;
    String service = to.startsWith("svc/") ? to.substring(4) : to;
    return host.equals(to)
        || host.equals(service + "." + namespace + ".svc." + settings.clusterDomain())
        || host.equals(service + "." + namespace + ".svc")
        || host.equals(service + "." + namespace);
  }

  private static int compareRouteKeys(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }
}
