package dev.meshctl.controller.metrics;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.PodRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code stat}: the golden metrics of every resource of a type, from a {@link MetricsSource}'s
 * series, discovery's resources and pods, and {@link PeerResolver} for where outbound traffic went.
 */
final class StatQuery {

  private final DiscoveryModel model;
  private final MetricsSource source;
  private final QueryParameters parameters;
  private final PodResources podResources;

  StatQuery(DiscoveryModel model, MetricsSource source, QueryParameters parameters) {
    this.model = model;
    this.source = source;
    this.parameters = parameters;
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
  StatView stat(String resource, String namespace, String from, String to, String window) {
    ResourceSpec spec = ResourceSpec.parse("resource", resource);
    Optional<ResourceSpec> fromSpec = QueryParameters.optionalSpec("from", from);
    Optional<ResourceSpec> toSpec = QueryParameters.optionalSpec("to", to);
    if (fromSpec.isPresent() && toSpec.isPresent()) {
      throw new InvalidQueryException("from and to cannot be used together");
    }
    Duration span = QueryParameters.window(window);
    boolean everyNamespace = spec.type() == ResourceType.NAMESPACE;
    String ns = everyNamespace ? null : parameters.requireNamespace(namespace);
    if (ns != null) {
      fromSpec.ifPresent(f -> parameters.requireExists(f, ns));
      toSpec.ifPresent(t -> parameters.requireExists(t, ns));
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
}
