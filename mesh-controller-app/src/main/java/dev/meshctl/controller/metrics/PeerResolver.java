package dev.meshctl.controller.metrics;

import dev.meshctl.api.IdentityName;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.EndpointSliceRecord;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import dev.meshctl.controller.discovery.ServiceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the resource an outbound series went to. The proxy labels outbound traffic with the
 * endpoint's address ({@code target_addr}) and, over mTLS, the identity the endpoint proved ({@code
 * server_id}), not with the destination's workload, so the controller resolves them against
 * discovery, in this order, the first that names one resource winning:
 *
 * <ol>
 *   <li>the EndpointSlice endpoints at that address and port, by their pod ({@code targetRef}):
 *       exact even where pods share an IP, as every local pod does on 127.0.0.1;
 *   <li>the meshed pods of the ServiceAccount and namespace of {@code server_id};
 *   <li>the pods with that IP.
 * </ol>
 *
 * Built per request over discovery as it is then (an index of endpoints by address).
 */
final class PeerResolver {

  private final DiscoveryModel model;
  private final Map<String, Set<PodRecord>> byEndpoint = new HashMap<>();

  PeerResolver(DiscoveryModel model) {
    this.model = model;
    for (ServiceRecord service : model.services()) {
      for (EndpointSliceRecord slice : model.endpointSlices(service.key())) {
        for (EndpointSliceRecord.Endpoint endpoint : slice.endpoints()) {
          for (String address : endpoint.addresses()) {
            String ip = DestinationTranslator.normalizeIp(address);
            Optional<PodRecord> pod =
                endpoint
                    .pod()
                    .flatMap(name -> model.pod(new ObjectKey(slice.key().namespace(), name)))
                    .or(() -> model.podByIp(ip));
            pod.ifPresent(
                p ->
                    slice
                        .ports()
                        .forEach(
                            port ->
                                byEndpoint
                                    .computeIfAbsent(
                                        ip + "|" + port.port(), k -> new LinkedHashSet<>())
                                    .add(p)));
          }
        }
      }
    }
  }

  /** The destination of an outbound series, as a resource of {@code type}; empty if unknown. */
  Optional<ResourceKey> destination(PodSeries series, ResourceType type) {
    if (type == ResourceType.AUTHORITY) {
      String authority = series.label("authority");
      return authority.isEmpty()
          ? Optional.empty()
          : Optional.of(new ResourceKey(series.pod().namespace(), type.kind(), authority));
    }
    Optional<String[]> address = split(series.label("target_addr"));
    List<Set<PodRecord>> candidates = new ArrayList<>();
    address.ifPresent(a -> candidates.add(byEndpoint.getOrDefault(a[0] + "|" + a[1], Set.of())));
    candidates.add(byIdentity(series.label("server_id")));
    address.ifPresent(a -> candidates.add(byIp(a[0])));
    for (Set<PodRecord> pods : candidates) {
      Set<Optional<ResourceKey>> keys = new LinkedHashSet<>();
      pods.forEach(pod -> keys.add(PodResources.of(pod, type)));
      if (keys.size() == 1) {
        Optional<ResourceKey> key = keys.iterator().next();
        if (key.isPresent()) {
          return key;
        }
      }
    }
    return Optional.empty();
  }

  private Set<PodRecord> byIdentity(String serverId) {
    if (serverId.isEmpty()) {
      return Set.of();
    }
    IdentityName identity;
    try {
      identity = IdentityName.parseDnsName(serverId);
    } catch (IllegalArgumentException e) {
      return Set.of();
    }
    Set<PodRecord> pods = new LinkedHashSet<>();
    for (PodRecord pod : model.pods()) {
      if (pod.meshed()
          && pod.key().namespace().equals(identity.namespace())
          && pod.serviceAccount().equals(identity.serviceAccount())) {
        pods.add(pod);
      }
    }
    return pods;
  }

  private Set<PodRecord> byIp(String ip) {
    Set<PodRecord> pods = new LinkedHashSet<>();
    for (PodRecord pod : model.pods()) {
      if (pod.ip().map(DestinationTranslator::normalizeIp).filter(ip::equals).isPresent()) {
        pods.add(pod);
      }
    }
    return pods;
  }

  /** {@code ip:port} or {@code [v6]:port} into the normalised IP and the port. */
  private static Optional<String[]> split(String targetAddr) {
    int colon = targetAddr.lastIndexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String host = targetAddr.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return Optional.of(
          new String[] {
            DestinationTranslator.normalizeIp(host),
            String.valueOf(Integer.parseInt(targetAddr.substring(colon + 1)))
          });
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
