package dev.meshctl.injection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshctl.api.MeshAnnotations;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Adds the mesh proxy to a pod and takes it out again: the one piece of pod-patching logic, used by
 * the admission webhook ({@link #inject}) and by {@code meshctl inject} ({@link #injectExplicitly})
 * and {@code meshctl uninject} ({@link #uninject}). Inputs are never changed; every result carries
 * a copy.
 *
 * <p>What is added: the {@code mesh-proxy} container, the {@code mesh-init} init container that
 * redirects the pod's traffic through it, the projected token volume and a scratch volume, and the
 * annotations {@code meshctl.dev/proxy-version}, {@code meshctl.dev/inject-mode} and {@code
 * meshctl.dev/injected}. As a native sidecar the proxy is an init container right after {@code
 * mesh-init}, before the application's own init containers. Classic, the proxy is the first
 * container and {@code mesh-init} the last init container, so that the application's init
 * containers still reach the network without a proxy.
 */
public final class PodInjector {

  public static final String PROXY_CONTAINER = "mesh-proxy";
  public static final String INIT_CONTAINER = "mesh-init";
  public static final String TOKEN_VOLUME = "meshctl-identity-token";
  public static final String TMP_VOLUME = "meshctl-proxy-tmp";
  public static final String XTABLES_LOCK_VOLUME = "meshctl-init-xtables-lock";

  /** The volumes the injector adds, in the order it adds them. */
  public static final List<String> VOLUMES = List.of(TOKEN_VOLUME, TMP_VOLUME, XTABLES_LOCK_VOLUME);

  /** Values of {@link MeshAnnotations#INJECT_MODE}. */
  public static final String MODE_NATIVE = "native";

  public static final String MODE_CLASSIC = "classic";

  static final String KUBE_SYSTEM = "kube-system";

  private static final Set<String> ADDED_ANNOTATIONS =
      Set.of(MeshAnnotations.PROXY_VERSION, MeshAnnotations.INJECT_MODE, MeshAnnotations.INJECTED);

  private final InjectionConfig config;
  private final ObjectMapper json;

  public PodInjector(InjectionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  public InjectionConfig config() {
    return config;
  }

  /**
   * The webhook's decision: injects when {@code meshctl.dev/inject: enabled} is on the pod, or on
   * its namespace and the pod does not say {@code disabled}; never in the control-plane namespace
   * or kube-system.
   *
   * @param namespace the namespace the pod is created in (the admission request's)
   * @param namespaceAnnotations that namespace's annotations, which also supply defaults for the
   *     pod's {@code config.meshctl.dev/*} settings
   */
  public InjectionResult inject(
      Pod pod,
      String namespace,
      Map<String, String> namespaceAnnotations,
      boolean clusterSupportsNativeSidecars) {
    Map<String, String> namespaceAnnotationsOrEmpty =
        namespaceAnnotations == null ? Map.of() : namespaceAnnotations;
    String refusal = namespaceRefusal(namespace);
    if (refusal != null) {
      return skipped(pod, refusal);
    }
    String podSays = trimmed(annotations(pod).get(MeshAnnotations.INJECT));
    String namespaceSays = trimmed(namespaceAnnotationsOrEmpty.get(MeshAnnotations.INJECT));
    String decisive = !podSays.isEmpty() ? podSays : namespaceSays;
    String where = !podSays.isEmpty() ? "on the pod" : "on namespace " + namespace;
    if (decisive.isEmpty()) {
      return skipped(
          pod,
          "neither the pod nor namespace "
              + namespace
              + " has "
              + MeshAnnotations.INJECT
              + ": "
              + MeshAnnotations.ENABLED);
    }
    if (MeshAnnotations.DISABLED.equals(decisive)) {
      String who = !podSays.isEmpty() ? "the pod" : "namespace " + namespace;
      return skipped(pod, who + " has " + MeshAnnotations.INJECT + ": " + MeshAnnotations.DISABLED);
    }
    if (!MeshAnnotations.ENABLED.equals(decisive)) {
      return invalid(
          pod,
          "annotation "
              + MeshAnnotations.INJECT
              + " "
              + where
              + " is \""
              + decisive
              + "\", which is not "
              + MeshAnnotations.ENABLED
              + " or "
              + MeshAnnotations.DISABLED);
    }
    return injectUnlessImpossible(pod, namespaceAnnotationsOrEmpty, clusterSupportsNativeSidecars);
  }

  /**
   * {@code meshctl inject}'s decision: injects unless the pod says {@code meshctl.dev/inject:
   * disabled}, already has the proxy, or is in the control-plane namespace or kube-system.
   */
  public InjectionResult injectExplicitly(
      Pod pod, String namespace, boolean clusterSupportsNativeSidecars) {
    String refusal = namespaceRefusal(namespace);
    if (refusal != null) {
      return skipped(pod, refusal);
    }
    String podSays = annotations(pod).get(MeshAnnotations.INJECT);
    if (podSays != null && MeshAnnotations.DISABLED.equals(podSays.trim())) {
      return skipped(
          pod, "the pod has " + MeshAnnotations.INJECT + ": " + MeshAnnotations.DISABLED);
    }
    return injectUnlessImpossible(pod, Map.of(), clusterSupportsNativeSidecars);
  }

  /**
   * Removes everything {@link #inject} adds: the proxy and init containers (wherever they are), the
   * {@link #VOLUMES}, the three annotations. A pod injected then uninjected equals the original.
   */
  public UninjectResult uninject(Pod pod) {
    Pod copy = copy(pod);
    PodSpec spec = copy.getSpec();
    boolean changed = false;
    if (spec != null) {
      changed |= removeContainers(spec.getContainers(), Set.of(PROXY_CONTAINER));
      changed |=
          removeContainers(spec.getInitContainers(), Set.of(PROXY_CONTAINER, INIT_CONTAINER));
      if (spec.getVolumes() != null) {
        changed |= spec.getVolumes().removeIf(v -> VOLUMES.contains(v.getName()));
      }
    }
    if (copy.getMetadata() != null && copy.getMetadata().getAnnotations() != null) {
      changed |= copy.getMetadata().getAnnotations().keySet().removeAll(ADDED_ANNOTATIONS);
    }
    return new UninjectResult(changed, copy);
  }

  /** Whether the pod already has the proxy: a container or init container named mesh-proxy. */
  public static boolean isInjected(Pod pod) {
    PodSpec spec = pod.getSpec();
    return spec != null
        && (hasContainer(spec.getContainers(), PROXY_CONTAINER)
            || hasContainer(spec.getInitContainers(), PROXY_CONTAINER));
  }

  private String namespaceRefusal(String namespace) {
    if (config.controlPlaneNamespace().equals(namespace)) {
      return "namespace " + namespace + " is the control plane's, which is never injected";
    }
    if (KUBE_SYSTEM.equals(namespace)) {
      return "namespace " + KUBE_SYSTEM + " is never injected";
    }
    return null;
  }

  private InjectionResult injectUnlessImpossible(
      Pod pod, Map<String, String> namespaceAnnotations, boolean clusterSupportsNativeSidecars) {
    if (pod.getSpec() == null) {
      return skipped(pod, "the pod has no spec");
    }
    if (isInjected(pod)) {
      return skipped(pod, "the pod already has a " + PROXY_CONTAINER + " container");
    }
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      return skipped(
          pod,
          "the pod uses the host's network (hostNetwork: true), which the proxy's iptables rules"
              + " would redirect for the whole node");
    }
    ProxySettings.Resolution resolution =
        ProxySettings.resolve(config.proxy(), annotations(pod), namespaceAnnotations);
    if (resolution.problem() != null) {
      return invalid(pod, resolution.problem());
    }
    ProxySettings settings = resolution.settings();
    boolean nativeSidecar = settings.nativeSidecar().useNative(clusterSupportsNativeSidecars);
    return patch(pod, new SidecarSpec(config, settings), nativeSidecar);
  }

  private InjectionResult patch(Pod original, SidecarSpec sidecar, boolean nativeSidecar) {
    Pod pod = copy(original);
    PodSpec spec = pod.getSpec();
    JsonPatchBuilder patch = new JsonPatchBuilder(json);

    List<Container> initContainers = orEmpty(spec.getInitContainers());
    Container proxy = sidecar.proxy(nativeSidecar);
    Container init = sidecar.init();
    if (nativeSidecar) {
      List<Container> added = List.of(init, proxy);
      patch.insert("/spec/initContainers", initContainers, 0, added);
      initContainers.addAll(0, added);
    } else {
      List<Container> containers = orEmpty(spec.getContainers());
      patch.insert("/spec/containers", containers, 0, List.of(proxy));
      containers.add(0, proxy);
      spec.setContainers(containers);
      patch.insert("/spec/initContainers", initContainers, -1, List.of(init));
      initContainers.add(init);
    }
    spec.setInitContainers(initContainers);

    List<Volume> volumes = orEmpty(spec.getVolumes());
    List<Volume> addedVolumes = sidecar.volumes();
    patch.insert("/spec/volumes", volumes, -1, addedVolumes);
    volumes.addAll(addedVolumes);
    spec.setVolumes(volumes);

    String mode = nativeSidecar ? MODE_NATIVE : MODE_CLASSIC;
    List<String> added = new ArrayList<>(List.of(PROXY_CONTAINER, INIT_CONTAINER));
    added.addAll(VOLUMES);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(MeshAnnotations.PROXY_VERSION, config.version());
    annotations.put(MeshAnnotations.INJECT_MODE, mode);
    annotations.put(MeshAnnotations.INJECTED, String.join(",", added));
    if (pod.getMetadata() == null) {
      pod.setMetadata(new ObjectMeta());
    }
    Map<String, String> existing = pod.getMetadata().getAnnotations();
    patch.put("/metadata/annotations", existing, annotations);
    Map<String, String> merged = new LinkedHashMap<>(existing == null ? Map.of() : existing);
    merged.putAll(annotations);
    pod.getMetadata().setAnnotations(merged);

    String summary =
        "added "
            + PROXY_CONTAINER
            + (nativeSidecar ? " (native sidecar)" : " (classic sidecar)")
            + ", "
            + INIT_CONTAINER
            + ", volumes "
            + String.join(", ", VOLUMES)
            + " (proxy "
            + config.version()
            + ")";
    return new InjectionResult(true, summary, pod, patch.build());
  }

  private InjectionResult invalid(Pod pod, String problem) {
    return new InjectionResult(
        false, "not injected: " + problem, copy(pod), json.createArrayNode(), true);
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }

  private InjectionResult skipped(Pod pod, String reason) {
    return new InjectionResult(false, reason, copy(pod), json.createArrayNode());
  }

  private Pod copy(Pod pod) {
    return json.convertValue(json.valueToTree(pod), Pod.class);
  }

  private static Map<String, String> annotations(Pod pod) {
    if (pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null) {
      return Map.of();
    }
    return pod.getMetadata().getAnnotations();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? new ArrayList<>() : list;
  }

  private static boolean hasContainer(List<Container> containers, String name) {
    return containers != null && containers.stream().anyMatch(c -> name.equals(c.getName()));
  }

  private static boolean removeContainers(List<Container> containers, Set<String> names) {
    return containers != null && containers.removeIf(c -> names.contains(c.getName()));
  }
}
