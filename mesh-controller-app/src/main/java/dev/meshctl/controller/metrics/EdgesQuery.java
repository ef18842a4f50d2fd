package dev.meshctl.controller.metrics;

import dev.meshctl.api.IdentityName;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code edges}: who called whom in a namespace, with the caller's identity and the one the callee
 * proved, from the outbound traffic of the namespace's pods.
 */
final class EdgesQuery {

  private final DiscoveryModel model;
  private final MeshSettings settings;
  private final MetricsSource source;
  private final QueryParameters parameters;
  private final PodResources podResources;

  EdgesQuery(
      DiscoveryModel model,
      MeshSettings settings,
      MetricsSource source,
      QueryParameters parameters) {
    this.model = model;
    this.settings = settings;
    this.source = source;
    this.parameters = parameters;
    this.podResources = new PodResources(model);
  }

  /**
   * The edges between the namespace's resources of {@code resource}'s type (its name, if given,
   * must be at one end) with traffic in the window, from the outbound traffic of its pods.
   */
  EdgesView edges(String resource, String namespace, String window) {
    ResourceSpec spec = ResourceSpec.parse("resource", resource);
    if (spec.type() == ResourceType.AUTHORITY || spec.type() == ResourceType.NAMESPACE) {
      throw new InvalidQueryException(
          "edges are between workloads or pods: resource must be a deployment, statefulset,"
              + " daemonset or pod, not "
              + spec.type().kind());
    }
    Duration span = QueryParameters.window(window);
    String ns = parameters.requireNamespace(namespace);
    parameters.requireExists(spec, ns);
    Traffic traffic = source.traffic(Optional.of(ns), span);
    PeerResolver peers = new PeerResolver(model);
    Map<List<ResourceKey>, EdgeSum> edges = new TreeMap<>(EdgesQuery::compareEdgeKeys);
    for (PodSeries series : traffic.series()) {
      if (series.family() != MetricFamily.RESPONSES
          || !"outbound".equals(series.label("direction"))
          || !(series.value() > 0)) {
        continue;
      }
      Optional<ResourceKey> src = podResources.of(series.pod(), spec.type());
      Optional<ResourceKey> dst = peers.destination(series, spec.type());
      if (src.isEmpty() || dst.isEmpty()) {
        continue;
      }
      if (spec.name().isPresent() && !spec.matches(src.get()) && !spec.matches(dst.get())) {
        continue;
      }
      EdgeSum sum =
          edges.computeIfAbsent(List.of(src.get(), dst.get()), k -> new EdgeSum(clientId(series)));
      sum.rps += series.value();
      sum.secured &= "true".equals(series.label("tls"));
      if (sum.serverId == null && !series.label("server_id").isEmpty()) {
        sum.serverId = series.label("server_id");
      }
    }
    List<EdgesView.Edge> rows = new ArrayList<>();
    edges.forEach(
        (key, sum) ->
            rows.add(
                new EdgesView.Edge(
                    EdgesView.End.of(key.get(0)),
                    EdgesView.End.of(key.get(1)),
                    sum.clientId,
                    sum.serverId,
                    sum.secured,
                    sum.rps)));
    return new EdgesView(
        Durations.format(traffic.span()), traffic.source(), traffic.note().orElse(null), rows);
  }

  private static final class EdgeSum {
    final String clientId;
    String serverId;
    boolean secured = true;
    double rps;

    EdgeSum(String clientId) {
      this.clientId = clientId;
    }
  }

  /** The source pod's identity, when discovery knows it as meshed. */
  private String clientId(PodSeries series) {
    return model
        .pod(new ObjectKey(series.pod().namespace(), series.pod().name()))
        .filter(PodRecord::meshed)
        .map(
            pod ->
                new IdentityName(
                        pod.serviceAccount(),
                        pod.key().namespace(),
                        settings.controlPlaneNamespace(),
                        settings.trustDomain())
                    .dnsName())
        .orElse(null);
  }

  private static int compareEdgeKeys(List<ResourceKey> a, List<ResourceKey> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }
}
