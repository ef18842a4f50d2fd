package dev.meshctl.api;

/** Kubernetes annotation keys and values the mesh reads and writes, all under meshctl.dev. */
public final class MeshAnnotations {

  /** On a namespace or pod: {@value #ENABLED} to get the proxy, {@value #DISABLED} to opt out. */
  public static final String INJECT = "meshctl.dev/inject";

  public static final String ENABLED = "enabled";
  public static final String DISABLED = "disabled";

  /** Records the proxy version an injected pod carries. */
  public static final String PROXY_VERSION = "meshctl.dev/proxy-version";

  /** Prefix of the annotations that override proxy settings on a pod or namespace. */
  public static final String CONFIG_PREFIX = "config.meshctl.dev/";

  public static final String SKIP_INBOUND_PORTS = CONFIG_PREFIX + "skip-inbound-ports";
  public static final String SKIP_OUTBOUND_PORTS = CONFIG_PREFIX + "skip-outbound-ports";
  public static final String OPAQUE_PORTS = CONFIG_PREFIX + "opaque-ports";
  public static final String NATIVE_SIDECAR = CONFIG_PREFIX + "native-sidecar";
  public static final String PROXY_CPU_REQUEST = CONFIG_PREFIX + "proxy-cpu-request";
  public static final String PROXY_MEMORY_REQUEST = CONFIG_PREFIX + "proxy-memory-request";
  public static final String PROXY_CPU_LIMIT = CONFIG_PREFIX + "proxy-cpu-limit";
  public static final String PROXY_MEMORY_LIMIT = CONFIG_PREFIX + "proxy-memory-limit";
  public static final String PROXY_LOG_LEVEL = CONFIG_PREFIX + "proxy-log-level";

  /** Written by the injector: {@code native} (proxy as a native sidecar) or {@code classic}. */
  public static final String INJECT_MODE = "meshctl.dev/inject-mode";

  /** Written by the injector: a comma list of what it added to the pod. */
  public static final String INJECTED = "meshctl.dev/injected";

  /**
   * On a pod: the port of its proxy's admin server (metrics) on the pod's IP, when it is not {@link
   * MeshPorts#PROXY_ADMIN}. The local mesh runs every proxy on one address, so each has its own
   * ports.
   */
  public static final String PROXY_ADMIN_PORT = "meshctl.dev/proxy-admin-port";

  /**
   * On a pod: the port of its proxy's tap server on the pod's IP, when not {@link
   * MeshPorts#PROXY_TAP}.
   */
  public static final String PROXY_TAP_PORT = "meshctl.dev/proxy-tap-port";

  /** The API group of the mesh's custom resources (serviceprofiles.meshctl.dev). */
  public static final String CRD_GROUP = "meshctl.dev";

  private MeshAnnotations() {}
}
