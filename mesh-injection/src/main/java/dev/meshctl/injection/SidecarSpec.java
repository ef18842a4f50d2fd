package dev.meshctl.injection;

import dev.meshctl.api.IdentityName;
import dev.meshctl.api.MeshPorts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects the injector adds to a pod, built from the config and one pod's settings: the proxy
 * container, the {@code mesh-init} container, and their volumes. Where they go in the pod is {@link
 * PodInjector}'s business.
 */
final class SidecarSpec {

  static final String TOKEN_MOUNT_PATH = "/var/run/secrets/meshctl.dev/serviceaccount";
  static final String TOKEN_FILE = TOKEN_MOUNT_PATH + "/token";
  static final long TOKEN_EXPIRATION_SECONDS = 86400;
  static final String TMP_MOUNT_PATH = "/tmp";

  /** iptables takes its lock in /run/xtables.lock, which the read-only root cannot hold. */
  static final String XTABLES_LOCK_MOUNT_PATH = "/run";

  /**
   * The proxy image's Jib launcher (the classpath file Jib writes into every image), for the two
   * short-lived tools run from it: a small heap and no optimising compiler, because the readiness
   * waiter runs inside the proxy container's memory limit next to the proxy itself.
   */
  static final List<String> JAVA =
      List.of(
          "java",
          "-Xmx16m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-cp",
          "@/app/jib-classpath-file");

  static final String PROXY_INIT_MAIN = "dev.meshctl.proxy.init.ProxyInit";

  /** Waits for the proxy's /ready in a classic pod's postStart hook (the image has no curl). */
  static final String AWAIT_READY_MAIN = "dev.meshctl.proxy.init.AwaitReady";

  static final String AWAIT_READY_TIMEOUT = "120s";

  private final InjectionConfig config;
  private final ProxySettings settings;

  SidecarSpec(InjectionConfig config, ProxySettings settings) {
    this.config = config;
    this.settings = settings;
  }

  /**
   * The proxy. Native: an init container that restarts always, started once {@code /ready} answers,
   * so that later containers start with a working proxy. Classic: an ordinary container whose
   * postStart hook holds the next containers back until {@code /ready} answers.
   */
  Container proxy(boolean nativeSidecar) {
    ContainerBuilder proxy =
        new ContainerBuilder()
            .withName(PodInjector.PROXY_CONTAINER)
            .withImage(config.proxy().image())
            .withImagePullPolicy(config.proxy().imagePullPolicy())
            .withPorts(
                port("mesh-inbound", MeshPorts.PROXY_INBOUND),
                port("mesh-admin", MeshPorts.PROXY_ADMIN),
                port("mesh-tap", MeshPorts.PROXY_TAP))
            .withEnv(proxyEnv())
            .withLivenessProbe(adminProbe("/live", 10, 10, 3))
            .withReadinessProbe(adminProbe("/ready", 2, 10, 3))
            .withResources(resources())
            .withSecurityContext(proxySecurityContext())
            .addNewVolumeMount()
            .withName(PodInjector.TOKEN_VOLUME)
            .withMountPath(TOKEN_MOUNT_PATH)
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(PodInjector.TMP_VOLUME)
            .withMountPath(TMP_MOUNT_PATH)
            .endVolumeMount()
            .withTerminationMessagePolicy("FallbackToLogsOnError");
    if (nativeSidecar) {
      // Up to two minutes for a cold JVM on a busy node before the kubelet gives up.
      proxy.withRestartPolicy("Always").withStartupProbe(adminProbe("/ready", 0, 1, 120));
    } else {
      List<String> awaitReady = new ArrayList<>(JAVA);
      awaitReady.addAll(
          List.of(
              AWAIT_READY_MAIN,
              "--port",
              Integer.toString(MeshPorts.PROXY_ADMIN),
              "--timeout",
              AWAIT_READY_TIMEOUT));
      proxy
          .withNewLifecycle()
          .withNewPostStart()
          .withNewExec()
          .withCommand(awaitReady)
          .endExec()
          .endPostStart()
          .endLifecycle();
    }
    return proxy.build();
  }

  /** The init container that redirects the pod's traffic through the proxy with iptables. */
  Container init() {
    List<String> command = new ArrayList<>(JAVA);
    command.add(PROXY_INIT_MAIN);
    return new ContainerBuilder()
        .withName(PodInjector.INIT_CONTAINER)
        .withImage(config.proxy().image())
        .withImagePullPolicy(config.proxy().imagePullPolicy())
        .withCommand(command)
        .withArgs(initArgs())
        .withResources(resources())
        .withSecurityContext(
            new SecurityContextBuilder()
                .withRunAsUser(0L)
                .withRunAsNonRoot(false)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withAdd("NET_ADMIN", "NET_RAW")
                .withDrop("ALL")
                .endCapabilities()
                .build())
        .addNewVolumeMount()
        .withName(PodInjector.TMP_VOLUME)
        .withMountPath(TMP_MOUNT_PATH)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName(PodInjector.XTABLES_LOCK_VOLUME)
        .withMountPath(XTABLES_LOCK_MOUNT_PATH)
        .endVolumeMount()
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  List<String> initArgs() {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--proxy-uid", Long.toString(config.proxy().uid())));
    args.addAll(List.of("--inbound-port", Integer.toString(MeshPorts.PROXY_INBOUND)));
    args.addAll(List.of("--outbound-port", Integer.toString(MeshPorts.PROXY_OUTBOUND)));
    String ignoreInbound = MeshPorts.PROXY_TAP + "," + MeshPorts.PROXY_ADMIN;
    if (!settings.skipInboundPorts().isEmpty()) {
      ignoreInbound += "," + settings.skipInboundPorts();
    }
    args.addAll(List.of("--ignore-inbound-ports", ignoreInbound));
    if (!settings.skipOutboundPorts().isEmpty()) {
      args.addAll(List.of("--ignore-outbound-ports", settings.skipOutboundPorts()));
    }
    return args;
  }

  /**
   * The projected ServiceAccount token the proxy presents to the identity service, a writable /tmp
   * (the root filesystem is read-only; the JVM and Netty's native libraries unpack there), and
   * mesh-init's /run for the iptables lock.
   */
  List<Volume> volumes() {
    Volume token =
        new VolumeBuilder()
            .withName(PodInjector.TOKEN_VOLUME)
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withAudience(config.tokenAudience())
            .withExpirationSeconds(TOKEN_EXPIRATION_SECONDS)
            .withPath("token")
            .endServiceAccountToken()
            .endSource()
            .endProjected()
            .build();
    return List.of(
        token, emptyDir(PodInjector.TMP_VOLUME), emptyDir(PodInjector.XTABLES_LOCK_VOLUME));
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private List<EnvVar> proxyEnv() {
    String cpns = config.controlPlaneNamespace();
    List<EnvVar> env = new ArrayList<>();
    env.add(fieldRef("_pod_ns", "metadata.namespace"));
    env.add(fieldRef("_pod_sa", "spec.serviceAccountName"));
    env.add(fieldRef("_pod_nodeName", "spec.nodeName"));
    env.add(value("MESH_PROXY_DESTINATION_SVC_ADDR", config.destinationAddress()));
    env.add(
        value(
            "MESH_PROXY_DESTINATION_CONTEXT",
            "{\"ns\":\"$(_pod_ns)\",\"nodeName\":\"$(_pod_nodeName)\"}"));
    env.add(value("MESH_PROXY_IDENTITY_SVC_ADDR", config.identityAddress()));
    // The identity service serves TLS as its own ServiceAccount's identity: the token never
    // crosses the network in the clear, and only the mesh's identity service gets it.
    env.add(
        value(
            "MESH_PROXY_IDENTITY_SVC_NAME",
            new IdentityName("meshctl-identity", cpns, cpns, config.trustDomain()).dnsName()));
    env.add(
        value(
            "MESH_PROXY_IDENTITY_LOCAL_NAME",
            "$(_pod_sa).$(_pod_ns).serviceaccount.identity." + cpns + "." + config.trustDomain()));
    env.add(value("MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", config.trustAnchorsPEM()));
    env.add(value("MESH_PROXY_IDENTITY_TOKEN_FILE", TOKEN_FILE));
    env.add(
        value(
            "MESH_PROXY_TAP_SVC_NAME",
            new IdentityName("meshctl-controller", cpns, cpns, config.trustDomain()).dnsName()));
    env.add(value("MESH_PROXY_LOG_LEVEL", settings.logLevel()));
    if (!settings.opaquePorts().isEmpty()) {
      env.add(value("MESH_PROXY_OPAQUE_PORTS", settings.opaquePorts()));
    }
    return env;
  }

  private ResourceRequirements resources() {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    putIfSet(requests, "cpu", settings.cpuRequest());
    putIfSet(requests, "memory", settings.memoryRequest());
    putIfSet(limits, "cpu", settings.cpuLimit());
    putIfSet(limits, "memory", settings.memoryLimit());
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(requests);
    resources.setLimits(limits);
    return resources;
  }

  private SecurityContext proxySecurityContext() {
    return new SecurityContextBuilder()
        .withRunAsUser(config.proxy().uid())
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  private static void putIfSet(Map<String, Quantity> map, String resource, String quantity) {
    if (!quantity.isEmpty()) {
      map.put(resource, new Quantity(quantity));
    }
  }

  private static Probe adminProbe(
      String path, int initialDelaySeconds, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(MeshPorts.PROXY_ADMIN))
        .endHttpGet()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(1)
        .build();
  }

  private static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fieldRef(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(fieldPath)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
