package dev.meshctl.controller.discovery;

import com.google.protobuf.ByteString;
import dev.meshctl.api.IdentityName;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.ProtocolHint;
import dev.meshctl.api.destination.TcpAddress;
import dev.meshctl.api.destination.TlsIdentity;
import dev.meshctl.api.destination.WeightedAddr;
import dev.meshctl.api.destination.WeightedDst;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers the two questions of the Destination API from the {@link DiscoveryModel}: the endpoints
 * of an authority, and its profile. Spring-free and stateless: every call reads the model afresh.
 *
 * <p>Endpoints are the <em>ready</em> endpoints of the Service's EndpointSlices. When none is
 * ready, the serving endpoints that are terminating are used instead, as kube-proxy does, so that a
 * Service whose every pod is shutting down keeps being served while it can.
 */
public final class DestinationTranslator {

  /** Metric label keys, as Linkerd's destination service sets them. */
  public static final String LABEL_NAMESPACE = "namespace";

  public static final String LABEL_SERVICE = "service";
  public static final String LABEL_POD = "pod";
  public static final String LABEL_SERVICE_ACCOUNT = "serviceaccount";

  private static final ProtocolHint H2 =
      ProtocolHint.newBuilder().setH2(ProtocolHint.H2.getDefaultInstance()).build();
  private static final ProtocolHint OPAQUE =
      ProtocolHint.newBuilder().setOpaque(ProtocolHint.Opaque.getDefaultInstance()).build();

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private final DiscoveryModel model;
  private final MeshSettings settings;

  public DestinationTranslator(DiscoveryModel model, MeshSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  public MeshSettings settings() {
    return settings;
  }

  /** What an authority names, the Kubernetes way. */
  public Target resolve(Authority authority) {
    if (authority.isIpAddress()) {
      String ip = normalizeIp(authority.host());
      Optional<ServiceRecord> service = model.serviceByClusterIp(ip);
      if (service.isPresent()) {
        return new Target.ServiceTarget(service.get().key(), authority.port());
      }
      return model
          .podByIp(ip)
          .<Target>map(pod -> new Target.PodTarget(pod, authority.port()))
          .orElse(new Target.Unknown());
    }
    String[] labels = authority.host().split("\\.", -1);
    String suffix = "svc." + settings.clusterDomain();
    boolean clusterName =
        labels.length == 2
            || (labels.length == 3 && labels[2].equals("svc"))
            || (labels.length > 3
                && String.join(".", List.of(labels).subList(2, labels.length)).equals(suffix));
    if (!clusterName || labels[0].isEmpty() || labels[1].isEmpty()) {
      return new Target.Unknown();
    }
    return new Target.ServiceTarget(new ObjectKey(labels[1], labels[0]), authority.port());
  }

  /** The endpoints of an authority now. */
  public EndpointSet endpoints(Authority authority) {
    Target target = resolve(authority);
    if (target instanceof Target.ServiceTarget service) {
      return serviceEndpoints(service);
    }
    if (target instanceof Target.PodTarget pod) {
      PodRecord record = pod.pod();
      Map<TcpAddress, WeightedAddr> endpoints = new HashMap<>();
      WeightedAddr addr =
          endpoint(record.ip().orElseThrow(), pod.port(), Optional.of(record), false);
      endpoints.put(addr.getAddr(), addr);
      return new EndpointSet(true, Map.of(LABEL_NAMESPACE, record.key().namespace()), endpoints);
    }
    return EndpointSet.missing();
  }

  private EndpointSet serviceEndpoints(Target.ServiceTarget target) {
    Optional<ServiceRecord> found = model.service(target.service());
    if (found.isEmpty()) {
      return EndpointSet.missing();
    }
    ServiceRecord service = found.get();
    Optional<ServiceRecord.Port> servicePort = service.port(target.port());
    boolean serviceOpaque = service.opaquePorts().contains(target.port());
    Map<TcpAddress, WeightedAddr> ready = new HashMap<>();
    Map<TcpAddress, WeightedAddr> terminating = new HashMap<>();
    for (EndpointSliceRecord slice : model.endpointSlices(service.key())) {
      Optional<Integer> port = slicePort(slice, servicePort, target.port());
      if (port.isEmpty()) {
        continue;
      }
      for (EndpointSliceRecord.Endpoint endpoint : slice.endpoints()) {
        if (endpoint.addresses().isEmpty()) {
          continue;
        }
        Map<TcpAddress, WeightedAddr> into;
        if (endpoint.ready()) {
          into = ready;
        } else if (endpoint.serving() && endpoint.terminating()) {
          into = terminating;
        } else {
          continue;
        }
        String ip = endpoint.addresses().get(0);
        Optional<PodRecord> pod =
            endpoint
                .pod()
                .flatMap(name -> model.pod(new ObjectKey(slice.key().namespace(), name)))
                .or(() -> model.podByIp(normalizeIp(ip)));
        WeightedAddr addr = endpoint(ip, port.get(), pod, serviceOpaque);
        into.put(addr.getAddr(), addr);
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_NAMESPACE, service.key().namespace());
    labels.put(LABEL_SERVICE, service.key().name());
    return new EndpointSet(true, labels, ready.isEmpty() ? terminating : ready);
  }

  /**
   * The port of a slice's endpoints for the addressed Service port: the slice port of the same
   * name. A port the Service does not declare is taken as the endpoints' port itself.
   */
  private static Optional<Integer> slicePort(
      EndpointSliceRecord slice, Optional<ServiceRecord.Port> servicePort, int addressed) {
    if (servicePort.isEmpty()) {
      return Optional.of(addressed);
    }
    String name = servicePort.get().name();
    return slice.ports().stream()
        .filter(p -> p.name().equals(name))
        .map(EndpointSliceRecord.Port::port)
        .findFirst();
  }

  private WeightedAddr endpoint(
      String ip, int port, Optional<PodRecord> pod, boolean serviceOpaque) {
    WeightedAddr.Builder addr =
        WeightedAddr.newBuilder()
            .setAddr(tcpAddress(ip, port))
            .setWeight(DestinationDefaults.ENDPOINT_WEIGHT);
    if (pod.isPresent()) {
      PodRecord record = pod.get();
      addr.putMetricLabels(LABEL_POD, record.key().name());
      addr.putMetricLabels(LABEL_SERVICE_ACCOUNT, record.serviceAccount());
      record.workload().ifPresent(w -> addr.putMetricLabels(w.kind(), w.name()));
      if (record.meshed()) {
        IdentityName identity =
            new IdentityName(
                record.serviceAccount(),
                record.key().namespace(),
                settings.controlPlaneNamespace(),
                settings.trustDomain());
        addr.setTlsIdentity(
            TlsIdentity.newBuilder()
                .setDnsLikeIdentity(identity.dnsName())
                .setUriIdentity(identity.spiffeUri()));
        boolean opaque = serviceOpaque || record.opaquePorts().contains(port);
        addr.setProtocolHint(opaque ? OPAQUE : H2);
      }
    }
    return addr.build();
  }

  /** The profile of an authority now. */
  public DestinationProfile profile(Authority authority) {
    Target target = resolve(authority);
    DestinationProfile.Builder profile =
        DestinationProfile.newBuilder().setRetryBudget(DestinationDefaults.retryBudget());
    if (target instanceof Target.PodTarget pod) {
      profile.setOpaqueProtocol(pod.pod().opaquePorts().contains(pod.port()));
      return profile.build();
    }
    if (!(target instanceof Target.ServiceTarget service)) {
      return profile.build();
    }
    ObjectKey key = service.service();
    String fqn = settings.fullyQualifiedName(key);
    profile.setFullyQualifiedName(fqn);
    model
        .service(key)
        .ifPresent(s -> profile.setOpaqueProtocol(s.opaquePorts().contains(service.port())));
    Optional<ServiceProfileRecord> serviceProfile =
        model.serviceProfile(new ObjectKey(key.namespace(), fqn));
    serviceProfile.ifPresent(
        sp -> {
          profile.addAllRoutes(sp.routes());
          sp.retryBudget().ifPresent(profile::setRetryBudget);
        });
    List<WeightedDst> split = httpRouteSplit(key, service.port());
    if (split.isEmpty()) {
      serviceProfile.ifPresent(sp -> profile.addAllDstOverrides(sp.dstOverrides()));
    } else {
      profile.addAllDstOverrides(split);
    }
    return profile.build();
  }

  /**
   * The traffic split of the first HTTPRoute (by namespace and name) that attaches to this Service
   * port and has backends: one weighted destination per backend Service, weights as written.
   */
  private List<WeightedDst> httpRouteSplit(ObjectKey service, int port) {
    for (HttpRouteRecord route : model.httpRoutes(service)) {
      boolean attached =
          route.parents().stream()
              .anyMatch(
                  parent ->
                      parent.service().equals(service)
                          && parent.port().map(p -> p == port).orElse(true));
      if (!attached || route.backends().isEmpty()) {
        continue;
      }
      List<WeightedDst> split = new ArrayList<>();
      for (HttpRouteRecord.BackendRef backend : route.backends()) {
        split.add(
            WeightedDst.newBuilder()
                .setAuthority(
                    settings.fullyQualifiedName(backend.service())
                        + ":"
                        + backend.port().orElse(port))
                .setWeight(backend.weight())
                .build());
      }
      return split;
    }
    return List.of();
  }

  /** The wire form of an address; the IP in network byte order. */
  public static TcpAddress tcpAddress(String ip, int port) {
    return TcpAddress.newBuilder().setIp(ByteString.copyFrom(ipBytes(ip))).setPort(port).build();
  }

  private static byte[] ipBytes(String ip) {
    if (!isIpLiteral(ip)) {
      throw new IllegalArgumentException("\"" + ip + "\" is not an IP address");
    }
    try {
      // A literal: no name lookup happens.
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + ip + "\" is not an IP address", e);
    }
  }

  /**
   * Whether a text is an IPv4 address in dotted quads or an IPv6 address: so that {@link
   * InetAddress#getByName} parses it and never looks a name up.
   */
  static boolean isIpLiteral(String ip) {
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    if (ip.indexOf(':') >= 0) {
      return ip.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
    }
    return IPV4.matcher(ip).matches();
  }

  /** One spelling per address, so that {@code fd00::1} and {@code fd00:0::1} find the same pod. */
  public static String normalizeIp(String ip) {
    if (!isIpLiteral(ip)) {
      return ip;
    }
    try {
      return InetAddress.getByName(ip).getHostAddress();
    } catch (UnknownHostException e) {
      return ip;
    }
  }
}
