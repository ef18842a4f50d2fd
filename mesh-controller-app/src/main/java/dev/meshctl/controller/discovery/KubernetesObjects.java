package dev.meshctl.controller.discovery;

import dev.meshctl.api.MeshAnnotations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Translates Kubernetes objects (fabric8's model, as informers and the local registry's YAML both
 * give them) into the discovery model: the one place where their shape is read.
 */
public final class KubernetesObjects {

  /**
   * The name of the proxy container. A pod is meshed when it has a container of this name (as a
   * container, or as an init container when the proxy runs as a native sidecar): the proxy's
   * presence, not the annotation that asked for it, since an annotated pod created before the
   * injector ran has no proxy.
   */
  public static final String PROXY_CONTAINER = "mesh-proxy";

  /** The API group and kind of ServiceProfiles. */
  public static final String SERVICE_PROFILE_KIND = "ServiceProfile";

  /** The label that ties an EndpointSlice to its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private static final String DEFAULT_NAMESPACE = "default";
  private static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private KubernetesObjects() {}

  /**
   * The discovery object of a Kubernetes object, or empty when discovery does not use its kind.
   *
   * @throws IllegalArgumentException when the object is of a kind discovery uses but malformed; the
   *     message names the field and the problem
   */
  public static Optional<DiscoveryObject> translate(HasMetadata object) {
    Objects.requireNonNull(object, "object");
    if (object instanceof Service service) {
      return Optional.of(service(service));
    }
    if (object instanceof EndpointSlice slice) {
      return Optional.of(endpointSlice(slice));
    }
    if (object instanceof Pod pod) {
      return Optional.of(pod(pod));
    }
    if (object instanceof HTTPRoute route) {
      return Optional.of(httpRoute(route));
    }
    if (object instanceof GenericKubernetesResource resource && isServiceProfile(resource)) {
      return Optional.of(serviceProfile(resource));
    }
    return Optional.empty();
  }

  /** Whether an untyped object is a ServiceProfile of the mesh's API group. */
  public static boolean isServiceProfile(HasMetadata resource) {
    String apiVersion = resource.getApiVersion();
    return SERVICE_PROFILE_KIND.equals(resource.getKind())
        && apiVersion != null
        && apiVersion.startsWith(MeshAnnotations.CRD_GROUP + "/");
  }

  /** The key of a Kubernetes object, as the model keys its translation. */
  public static ObjectKey key(HasMetadata object) {
    return key(object.getMetadata());
  }

  static ServiceRecord service(Service service) {
    ObjectKey key = key(service.getMetadata());
    var spec = service.getSpec();
    if (spec == null) {
      return new ServiceRecord(key, Optional.empty(), List.of(), Set.of());
    }
    String clusterIp = spec.getClusterIP();
    Optional<String> ip =
        clusterIp == null || clusterIp.isEmpty() || "None".equals(clusterIp)
            ? Optional.empty()
            : Optional.of(clusterIp);
    List<ServiceRecord.Port> ports = new ArrayList<>();
    for (ServicePort port : orEmpty(spec.getPorts())) {
      if (port.getPort() == null) {
        throw new IllegalArgumentException("spec.ports: a port has no port number");
      }
      ports.add(
          new ServiceRecord.Port(
              Objects.requireNonNullElse(port.getName(), ""),
              port.getPort(),
              targetPort(port.getTargetPort(), port.getPort())));
    }
    return new ServiceRecord(key, ip, ports, opaquePorts(service.getMetadata()));
  }

  static EndpointSliceRecord endpointSlice(EndpointSlice slice) {
    ObjectKey key = key(slice.getMetadata());
    Map<String, String> labels = orEmpty(slice.getMetadata().getLabels());
    String serviceName = labels.get(SERVICE_NAME_LABEL);
    if (serviceName == null || serviceName.isEmpty()) {
      throw new IllegalArgumentException(
          "metadata.labels: the label " + SERVICE_NAME_LABEL + " naming the Service is missing");
    }
    List<EndpointSliceRecord.Endpoint> endpoints = new ArrayList<>();
    var sliceEndpoints = orEmpty(slice.getEndpoints());
    for (int i = 0; i < sliceEndpoints.size(); i++) {
      var endpoint = sliceEndpoints.get(i);
      List<String> addresses = orEmpty(endpoint.getAddresses());
      for (int a = 0; a < addresses.size(); a++) {
        if (!DestinationTranslator.isIpLiteral(addresses.get(a))) {
          throw new IllegalArgumentException(
              "endpoints["
                  + i
                  + "].addresses["
                  + a
                  + "]: \""
                  + addresses.get(a)
                  + "\" is not an IP address");
        }
      }
      EndpointConditions conditions = endpoint.getConditions();
      boolean ready = conditions == null || !Boolean.FALSE.equals(conditions.getReady());
      boolean serving = conditions == null || !Boolean.FALSE.equals(conditions.getServing());
      boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
      var target = endpoint.getTargetRef();
      Optional<String> pod =
          target != null && "Pod".equals(target.getKind()) && target.getName() != null
              ? Optional.of(target.getName())
              : Optional.empty();
      endpoints.add(new EndpointSliceRecord.Endpoint(addresses, ready, serving, terminating, pod));
    }
    List<EndpointSliceRecord.Port> ports = new ArrayList<>();
    for (var port : orEmpty(slice.getPorts())) {
      if (port.getPort() != null) {
        ports.add(
            new EndpointSliceRecord.Port(
                Objects.requireNonNullElse(port.getName(), ""), port.getPort()));
      }
    }
    return new EndpointSliceRecord(
        key, new ObjectKey(key.namespace(), serviceName), endpoints, ports);
  }

  static PodRecord pod(Pod pod) {
    ObjectMeta metadata = pod.getMetadata();
    ObjectKey key = key(metadata);
    var spec = pod.getSpec();
    String serviceAccount =
        spec == null
                || spec.getServiceAccountName() == null
                || spec.getServiceAccountName().isEmpty()
            ? "default"
            : spec.getServiceAccountName();
    boolean meshed =
        spec != null
            && Stream.concat(
                    orEmpty(spec.getContainers()).stream(),
                    orEmpty(spec.getInitContainers()).stream())
                .map(Container::getName)
                .anyMatch(PROXY_CONTAINER::equals);
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    return new PodRecord(
        key,
        podIp == null || podIp.isEmpty() ? Optional.empty() : Optional.of(podIp),
        serviceAccount,
        meshed,
        workload(metadata),
        opaquePorts(metadata),
        port(metadata, MeshAnnotations.PROXY_ADMIN_PORT),
        port(metadata, MeshAnnotations.PROXY_TAP_PORT));
  }

  static ServiceProfileRecord serviceProfile(GenericKubernetesResource resource) {
    return ServiceProfileSpecParser.parse(
        key(resource.getMetadata()), resource.getAdditionalProperties().get("spec"));
  }

  static HttpRouteRecord httpRoute(HTTPRoute route) {
    ObjectKey key = key(route.getMetadata());
    var spec = route.getSpec();
    if (spec == null) {
      return new HttpRouteRecord(key, List.of(), List.of());
    }
    List<HttpRouteRecord.ParentRef> parents = new ArrayList<>();
    List<ParentReference> parentRefs = orEmpty(spec.getParentRefs());
    for (int i = 0; i < parentRefs.size(); i++) {
      ParentReference ref = parentRefs.get(i);
      if (isService(ref.getGroup(), ref.getKind(), false)) {
        parents.add(
            new HttpRouteRecord.ParentRef(
                new ObjectKey(
                    Objects.requireNonNullElse(ref.getNamespace(), key.namespace()),
                    required(ref.getName(), "spec.parentRefs[" + i + "].name")),
                Optional.ofNullable(ref.getPort())));
      }
    }
    List<HttpRouteRecord.BackendRef> backends = new ArrayList<>();
    List<HTTPRouteRule> rules = orEmpty(spec.getRules());
    for (int r = 0; r < rules.size(); r++) {
      List<HTTPBackendRef> refs = orEmpty(rules.get(r).getBackendRefs());
      for (int b = 0; b < refs.size(); b++) {
        HTTPBackendRef ref = refs.get(b);
        String where = "spec.rules[" + r + "].backendRefs[" + b + "]";
        if (!isService(ref.getGroup(), ref.getKind(), true)) {
          continue;
        }
        int weight = ref.getWeight() == null ? 1 : ref.getWeight();
        if (weight < 0) {
          throw new IllegalArgumentException(where + ".weight: " + weight + " is negative");
        }
        backends.add(
            new HttpRouteRecord.BackendRef(
                new ObjectKey(
                    Objects.requireNonNullElse(ref.getNamespace(), key.namespace()),
                    required(ref.getName(), where + ".name")),
                Optional.ofNullable(ref.getPort()),
                weight));
      }
    }
    return new HttpRouteRecord(key, parents, backends);
  }

  /**
   * Whether a Gateway API reference is to a core Service. A parentRef's kind defaults to Gateway, a
   * backendRef's to Service.
   */
  private static boolean isService(String group, String kind, boolean serviceByDefault) {
    boolean coreGroup = group == null || group.isEmpty() || "core".equals(group);
    return coreGroup && (kind == null ? serviceByDefault : "Service".equals(kind));
  }

  private static Optional<PodRecord.Workload> workload(ObjectMeta metadata) {
    for (OwnerReference owner : orEmpty(metadata.getOwnerReferences())) {
      if (!Boolean.TRUE.equals(owner.getController()) || owner.getKind() == null) {
        continue;
      }
      String kind = owner.getKind().toLowerCase(Locale.ROOT);
      String name = owner.getName();
      String hash = orEmpty(metadata.getLabels()).get(POD_TEMPLATE_HASH);
      if ("replicaset".equals(kind) && hash != null && name.endsWith("-" + hash)) {
        // A Deployment's ReplicaSet is named <deployment>-<pod-template-hash>.
        return Optional.of(
            new PodRecord.Workload(
                "deployment", name.substring(0, name.length() - hash.length() - 1)));
      }
      return Optional.of(new PodRecord.Workload(kind, name));
    }
    return Optional.empty();
  }

  /**
   * The ports listed in {@code config.meshctl.dev/opaque-ports}: numbers and ranges separated by
   * commas ({@code 3306,5432-5433}). Entries that are neither are ignored.
   */
  static Set<Integer> opaquePorts(ObjectMeta metadata) {
    String value = orEmpty(metadata.getAnnotations()).get(MeshAnnotations.OPAQUE_PORTS);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<Integer> ports = new LinkedHashSet<>();
    for (String entry : value.split(",")) {
      String trimmed = entry.trim();
      try {
        int dash = trimmed.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? trimmed : trimmed.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(trimmed.substring(dash + 1));
        for (int port = Math.max(from, 1); port <= Math.min(to, 65535); port++) {
          ports.add(port);
        }
      } catch (NumberFormatException e) {
        // Not a port or a range: the annotation's other entries still count.
      }
    }
    return ports;
  }

  /**
   * A port number from an annotation. A value that is not a port is ignored (the default port
   * applies) rather than rejecting the pod: discovery must not lose a pod over a debugging aid.
   */
  static OptionalInt port(ObjectMeta metadata, String annotation) {
    String value = orEmpty(metadata.getAnnotations()).get(annotation);
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      int port = Integer.parseInt(value.trim());
      return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static String targetPort(IntOrString targetPort, int port) {
    if (targetPort == null) {
      return Integer.toString(port);
    }
    if (targetPort.getIntVal() != null) {
      return Integer.toString(targetPort.getIntVal());
    }
    return targetPort.getStrVal() == null ? Integer.toString(port) : targetPort.getStrVal();
  }

  private static ObjectKey key(ObjectMeta metadata) {
    if (metadata == null || metadata.getName() == null || metadata.getName().isEmpty()) {
      throw new IllegalArgumentException("metadata.name: missing");
    }
    String namespace = metadata.getNamespace();
    return new ObjectKey(
        namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace,
        metadata.getName());
  }

  private static String required(String value, String where) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(where + ": missing");
    }
    return value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
