package dev.meshctl.controller.api;

import dev.meshctl.api.IdentityName;
import dev.meshctl.controller.discovery.Authority;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.EndpointSliceRecord;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import dev.meshctl.controller.discovery.ServiceRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Answers the REST API's questions from the {@link DiscoveryModel}: what is in a namespace, its
 * Services, its workloads and whether they are meshed, a Service's endpoints and its profile.
 * Spring-free and stateless: every call reads the model afresh (so an answer may mix two states of
 * an object being written, never keep a stale one).
 *
 * <p>A namespace exists when discovery knows a Service or a pod in it. Names must be DNS labels, as
 * Kubernetes names namespaces and Services; anything else is an {@link InvalidNameException}, an
 * unknown one a {@link NotFoundException}.
 */
public final class MeshQuery {

  /** An RFC 1123 label: what a namespace or a Service may be called. */
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** The kind of a pod without an owner, which is reported as its own workload. */
  static final String BARE_POD_KIND = "pod";

  private final DiscoveryModel model;
  private final DestinationTranslator translator;
  private final MeshSettings settings;

  public MeshQuery(DiscoveryModel model, DestinationTranslator translator) {
    this.model = model;
    this.translator = translator;
    this.settings = translator.settings();
  }

  /** Every namespace with a Service or a pod, by name. */
  public List<NamespaceView> namespaces() {
    Set<String> names = new TreeSet<>();
    model.services().forEach(s -> names.add(s.key().namespace()));
    model.pods().forEach(p -> names.add(p.key().namespace()));
    return names.stream().map(this::namespace).toList();
  }

  private NamespaceView namespace(String namespace) {
    List<PodRecord> pods = pods(namespace);
    return new NamespaceView(
        namespace,
        services(namespace).size(),
        byWorkload(pods).size(),
        (int) pods.stream().filter(PodRecord::meshed).count(),
        pods.size());
  }

  /** The Services of a namespace, by name. */
  public List<ServiceView> services(String namespace) {
    requireNamespace(namespace);
    return servicesIn(namespace).stream().map(this::service).toList();
  }

  private ServiceView service(ServiceRecord service) {
    Set<String> ready = new HashSet<>();
    for (EndpointSliceRecord slice : model.endpointSlices(service.key())) {
      for (EndpointSliceRecord.Endpoint endpoint : slice.endpoints()) {
        if (endpoint.ready() && !endpoint.addresses().isEmpty()) {
          ready.add(endpoint.addresses().get(0));
        }
      }
    }
    return new ServiceView(
        service.key().name(),
        service.clusterIp().orElse(null),
        service.ports().stream()
            .map(p -> new ServiceView.Port(p.name(), p.port(), p.targetPort()))
            .toList(),
        ready.size(),
        model
            .serviceProfile(
                new ObjectKey(
                    service.key().namespace(), settings.fullyQualifiedName(service.key())))
            .isPresent());
  }

  /** The pods of a namespace grouped by the object that owns them, by kind and name. */
  public List<WorkloadView> workloads(String namespace) {
    requireNamespace(namespace);
    List<WorkloadView> workloads = new ArrayList<>();
    byWorkload(pods(namespace))
        .forEach(
            (workload, pods) ->
                workloads.add(
                    new WorkloadView(
                        workload.kind(),
                        workload.name(),
                        pods.stream()
                            .map(
                                pod ->
                                    new WorkloadView.Pod(
                                        pod.key().name(),
                                        pod.ip().orElse(null),
                                        pod.meshed(),
                                        identity(pod)))
                            .toList(),
                        pods.stream().allMatch(PodRecord::meshed))));
    return workloads;
  }

  /** The endpoints of every EndpointSlice of a Service, by IP; not-ready ones included. */
  public List<EndpointView> endpoints(String namespace, String service) {
    ServiceRecord record = requireService(namespace, service);
    List<EndpointView> endpoints = new ArrayList<>();
    for (EndpointSliceRecord slice : model.endpointSlices(record.key())) {
      List<EndpointView.Port> ports =
          slice.ports().stream().map(p -> new EndpointView.Port(p.name(), p.port())).toList();
      for (EndpointSliceRecord.Endpoint endpoint : slice.endpoints()) {
        if (endpoint.addresses().isEmpty()) {
          continue;
        }
        String ip = endpoint.addresses().get(0);
        Optional<PodRecord> pod =
            endpoint
                .pod()
                .flatMap(name -> model.pod(new ObjectKey(namespace, name)))
                .or(() -> model.podByIp(ip));
        endpoints.add(
            new EndpointView(
                ip,
                ports,
                endpoint.ready(),
                endpoint.serving(),
                endpoint.terminating(),
                pod.map(p -> p.key().name()).or(endpoint::pod).orElse(null),
                pod.map(PodRecord::meshed).orElse(false),
                pod.map(this::identity).orElse(null)));
      }
    }
    endpoints.sort(
        Comparator.comparing(EndpointView::ip)
            .thenComparing(EndpointView::pod, Comparator.nullsLast(Comparator.naturalOrder())));
    return endpoints;
  }

  /**
   * The profile proxies are served for a Service port, as {@link DestinationTranslator#profile}
   * answers it.
   *
   * @param port a port of the Service; empty for its first one
   */
  public ProfileView profile(String namespace, String service, OptionalInt port) {
    ServiceRecord record = requireService(namespace, service);
    int servicePort;
    if (port.isPresent()) {
      if (record.port(port.getAsInt()).isEmpty()) {
        throw new NotFoundException("service " + record.key() + " has no port " + port.getAsInt());
      }
      servicePort = port.getAsInt();
    } else if (record.ports().isEmpty()) {
      throw new NotFoundException("service " + record.key() + " has no ports");
    } else {
      servicePort = record.ports().get(0).port();
    }
    Authority authority = new Authority(settings.fullyQualifiedName(record.key()), servicePort);
    return ProfileView.of(translator.profile(authority), servicePort);
  }

  private List<ServiceRecord> servicesIn(String namespace) {
    return model.services().stream()
        .filter(s -> s.key().namespace().equals(namespace))
        .sorted(Comparator.comparing(ServiceRecord::key))
        .toList();
  }

  private List<PodRecord> pods(String namespace) {
    return model.pods().stream()
        .filter(p -> p.key().namespace().equals(namespace))
        .sorted(Comparator.comparing(PodRecord::key))
        .toList();
  }

  private static Map<PodRecord.Workload, List<PodRecord>> byWorkload(List<PodRecord> pods) {
    return pods.stream()
        .collect(
            Collectors.groupingBy(
                pod ->
                    pod.workload()
                        .orElseGet(() -> new PodRecord.Workload(BARE_POD_KIND, pod.key().name())),
                () ->
                    new TreeMap<>(
                        Comparator.comparing(PodRecord.Workload::kind)
                            .thenComparing(PodRecord.Workload::name)),
                Collectors.toList()));
  }

  private String identity(PodRecord pod) {
    if (!pod.meshed()) {
      return null;
    }
    return new IdentityName(
            pod.serviceAccount(),
            pod.key().namespace(),
            settings.controlPlaneNamespace(),
            settings.trustDomain())
        .dnsName();
  }

  private void requireNamespace(String namespace) {
    requireName("namespace", namespace);
    boolean known =
        model.services().stream().anyMatch(s -> s.key().namespace().equals(namespace))
            || model.pods().stream().anyMatch(p -> p.key().namespace().equals(namespace));
    if (!known) {
      throw new NotFoundException("namespace \"" + namespace + "\" not found");
    }
  }

  private ServiceRecord requireService(String namespace, String service) {
    requireNamespace(namespace);
    requireName("service", service);
    return model
        .service(new ObjectKey(namespace, service))
        .orElseThrow(
            () ->
                new NotFoundException(
                    "service \"" + service + "\" not found in namespace \"" + namespace + "\""));
  }

  private static void requireName(String what, String name) {
    if (name == null || !DNS_LABEL.matcher(name).matches()) {
      throw new InvalidNameException(
          what
              + " name \""
              + name
              + "\" is not a DNS label (lower case letters, digits and '-', at most 63)");
    }
  }
}
