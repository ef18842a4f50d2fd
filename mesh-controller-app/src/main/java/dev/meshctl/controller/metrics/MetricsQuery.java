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
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Answers the metrics API ({@code stat}, {@code routes}, {@code edges}) from a {@link
 * MetricsSource}'s series and the discovery model: which resources there are and which pods are
 * theirs, where outbound traffic went ({@link PeerResolver}), identities. Spring-free; validates
 * every parameter and throws {@link InvalidQueryException} (400) or {@link
 * UnknownResourceException} (404) saying why.
 */
public final class MetricsQuery {

  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  static final Duration MAX_WINDOW = Duration.ofHours(24);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final DiscoveryModel model;
  private final MeshSettings settings;
  private final MetricsSource source;
  private final PodResources podResources;

  public MetricsQuery(DiscoveryModel model, MeshSettings settings, MetricsSource source) {
    this.model = model;
    this.settings = settings;
    this.source = source;
    this.podResources = new PodResources(model);
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
    ResourceSpec spec = ResourceSpec.parse("resource", resource);
    Optional<ResourceSpec> fromSpec = optionalSpec("from", from);
    Optional<ResourceSpec> toSpec = optionalSpec("to", to);
    if (fromSpec.isPresent() && toSpec.isPresent()) {
      throw new InvalidQueryException("from and to cannot be used together");
    }
    Duration span = window(window);
    boolean everyNamespace = spec.type() == ResourceType.NAMESPACE;
    String ns = everyNamespace ? null : requireNamespace(namespace);
    if (ns != null) {
      fromSpec.ifPresent(f -> requireExists(f, ns));
      toSpec.ifPresent(t -> requireExists(t, ns));
    }
    Traffic traffic = source.traffic(Optional.ofNullable(ns), span);
    PeerResolver peers = new PeerResolver(model);

    Map<ResourceKey, Golden> rows = new TreeMap<>();
    for (ResourceKey key : resources(spec, ns, traffic, fromSpec.isPresent())) {
      rows.put(key, new Golden());
    }
    for (PodSeries series : traffic.series()) {
      if (fromSpec.isEmpty() && toSpec.isEmpty()) {
        if (!inbound(series)) {
          continue;
        }
        Optional<ResourceKey> row =
            spec.type() == ResourceType.AUTHORITY
                ? authorityOf(series)
                : podResources.of(series.pod(), spec.type());
        row.map(rows::get).ifPresent(golden -> golden.add(series));
      } else if (fromSpec.isPresent()) {
        if (!outbound(series)
            || !podResources
                .of(series.pod(), fromSpec.get().type())
                .filter(fromSpec.get()::matches)
                .isPresent()) {
          continue;
        }
        peers
            .destination(series, spec.type())
            .map(rows::get)
            .ifPresent(golden -> golden.add(series));
      } else {
        if (!outbound(series)
            || !peers
                .destination(series, toSpec.get().type())
                .filter(toSpec.get()::matches)
                .isPresent()) {
          continue;
        }
        podResources
            .of(series.pod(), spec.type())
            .map(rows::get)
            .ifPresent(golden -> golden.add(series));
      }
    }
    List<StatView.Row> result = new ArrayList<>();
    rows.forEach(
        (key, golden) -> {
          int[] pods = podCounts(key);
          result.add(
              new StatView.Row(
                  key.namespace(),
                  key.kind(),
                  key.name(),
                  pods[0],
                  pods[1],
                  golden.successRate(),
                  golden.rps(),
                  golden.latency(0.5),
                  golden.latency(0.95),
                  golden.latency(0.99),
                  golden.connections()));
        });
    return new StatView(
        Durations.format(traffic.span()), traffic.source(), traffic.note().orElse(null), result);
  }

  /**
   * Golden metrics per route of the outbound traffic of {@code resource}'s pods ({@code route_*}).
   *
   * @param to null, or a Service name or authority the routes' destination must be
   */
  public RoutesView routes(String resource, String namespace, String to, String window) {
    ResourceSpec spec = ResourceSpec.parse("resource", resource);
    if (spec.type() == ResourceType.AUTHORITY || spec.type() == ResourceType.NAMESPACE) {
      throw new InvalidQueryException(
          "routes are per workload or pod: resource must be a deployment, statefulset, daemonset or"
              + " pod, not "
              + spec.type().kind());
    }
    Duration span = window(window);
    String ns = requireNamespace(namespace);
    requireExists(spec, ns);
    Traffic traffic = source.traffic(Optional.of(ns), span);
    Map<List<String>, Golden> routes = new TreeMap<>(MetricsQuery::compareRouteKeys);
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

  /**
   * The edges between the namespace's resources of {@code resource}'s type (its name, if given,
   * must be at one end) with traffic in the window, from the outbound traffic of its pods.
   */
  public EdgesView edges(String resource, String namespace, String window) {
    ResourceSpec spec = ResourceSpec.parse("resource", resource);
    if (spec.type() == ResourceType.AUTHORITY || spec.type() == ResourceType.NAMESPACE) {
      throw new InvalidQueryException(
          "edges are between workloads or pods: resource must be a deployment, statefulset,"
              + " daemonset or pod, not "
              + spec.type().kind());
    }
    Duration span = window(window);
    String ns = requireNamespace(namespace);
    requireExists(spec, ns);
    Traffic traffic = source.traffic(Optional.of(ns), span);
    PeerResolver peers = new PeerResolver(model);
    Map<List<ResourceKey>, EdgeSum> edges = new TreeMap<>(MetricsQuery::compareEdgeKeys);
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

  /** The rows: every resource discovery knows of the spec's type (authorities: those seen). */
  private List<ResourceKey> resources(
      ResourceSpec spec, String namespace, Traffic traffic, boolean outboundAuthorities) {
    TreeSet<ResourceKey> keys = new TreeSet<>();
    if (spec.type() == ResourceType.AUTHORITY) {
      spec.name().ifPresent(name -> keys.add(new ResourceKey(namespace, spec.type().kind(), name)));
      if (spec.name().isEmpty()) {
        for (PodSeries series : traffic.series()) {
          if (series.pod().namespace().equals(namespace)
              && (outboundAuthorities ? outbound(series) : inbound(series))) {
            authorityOf(series).ifPresent(keys::add);
          }
        }
      }
      return new ArrayList<>(keys);
    }
    for (PodRecord pod : model.pods()) {
      if (namespace == null || pod.key().namespace().equals(namespace)) {
        PodResources.of(pod, spec.type()).filter(spec::matches).ifPresent(keys::add);
      }
    }
    if (keys.isEmpty() && spec.name().isPresent()) {
      throw new UnknownResourceException(
          spec.type().kind()
              + " \""
              + spec.name().get()
              + "\" not found"
              + (namespace == null ? "" : " in namespace \"" + namespace + "\""));
    }
    return new ArrayList<>(keys);
  }

  /** A named workload or pod must be known; authorities and namespaces are not checked here. */
  private void requireExists(ResourceSpec spec, String namespace) {
    if (spec.name().isEmpty()
        || spec.type() == ResourceType.AUTHORITY
        || spec.type() == ResourceType.NAMESPACE) {
      return;
    }
    boolean known =
        model.pods().stream()
            .filter(pod -> pod.key().namespace().equals(namespace))
            .anyMatch(pod -> PodResources.of(pod, spec.type()).filter(spec::matches).isPresent());
    if (!known) {
      throw new UnknownResourceException(
          spec.type().kind()
              + " \""
              + spec.name().get()
              + "\" not found in namespace \""
              + namespace
              + "\"");
    }
  }

  /** {@code [meshed, all]} pods of a row's resource, from discovery. */
  private int[] podCounts(ResourceKey key) {
    if (key.kind().equals(ResourceType.AUTHORITY.kind())) {
      return new int[] {0, 0};
    }
    ResourceType type = ResourceType.of(key.kind()).orElseThrow();
    int meshed = 0;
    int all = 0;
    for (PodRecord pod : model.pods()) {
      if (PodResources.of(pod, type).filter(key::equals).isPresent()) {
        all++;
        if (pod.meshed()) {
          meshed++;
        }
      }
    }
    return new int[] {meshed, all};
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

  private static Optional<ResourceKey> authorityOf(PodSeries series) {
    String authority = series.label("authority");
    return authority.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new ResourceKey(series.pod().namespace(), ResourceType.AUTHORITY.kind(), authority));
  }

  /** The series that count for a resource's own (inbound) traffic. */
  private static boolean inbound(PodSeries series) {
    return "inbound".equals(series.label("direction"))
        && (series.family() == MetricFamily.RESPONSES
            || series.family() == MetricFamily.LATENCY
            || (series.family() == MetricFamily.TCP_OPEN && "src".equals(series.label("peer"))));
  }

  /** The series that count for a resource's outbound traffic. */
  private static boolean outbound(PodSeries series) {
    return "outbound".equals(series.label("direction"))
        && (series.family() == MetricFamily.RESPONSES
            || series.family() == MetricFamily.LATENCY
            || (series.family() == MetricFamily.TCP_OPEN && "dst".equals(series.label("peer"))));
  }

  private static Optional<ResourceSpec> optionalSpec(String parameter, String value) {
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(ResourceSpec.parse(parameter, value));
  }

  private String requireNamespace(String namespace) {
    String ns = namespace == null || namespace.isBlank() ? "default" : namespace.trim();
    if (!DNS_LABEL.matcher(ns).matches()) {
      throw new InvalidQueryException(
          "namespace name \""
              + ns
              + "\" is not a DNS label (lower case letters, digits and '-', at most 63)");
    }
    boolean known =
        model.pods().stream().anyMatch(p -> p.key().namespace().equals(ns))
            || model.services().stream().anyMatch(s -> s.key().namespace().equals(ns));
    if (!known) {
      throw new UnknownResourceException("namespace \"" + ns + "\" not found");
    }
    return ns;
  }

  static Duration window(String window) {
    if (window == null || window.isBlank()) {
      return DEFAULT_WINDOW;
    }
    Duration duration;
    try {
      duration = Durations.parse(window);
    } catch (IllegalArgumentException e) {
      throw new InvalidQueryException(e.getMessage());
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
      throw new InvalidQueryException(
          "window \"" + window + "\" must be between 1s and " + Durations.format(MAX_WINDOW));
    }
    return duration;
  }

  private static int compareRouteKeys(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }

  private static int compareEdgeKeys(List<ResourceKey> a, List<ResourceKey> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }
}
