package dev.meshctl.injection;

import dev.meshctl.api.MeshPorts;
import java.util.Objects;

/**
 * What the injector puts into a pod: the {@code config.yaml} of the {@code meshctl-config}
 * ConfigMap, validated. Read by the webhook from a mounted file and by {@code meshctl inject} from
 * the cluster; {@link #parse} fills in a default for every field but {@code trustAnchorsPEM}.
 *
 * @param version the proxy version written into {@code meshctl.dev/proxy-version}
 * @param controlPlaneNamespace where the controller and identity services run
 * @param clusterDomain the cluster's DNS domain, for the control plane's service addresses
 * @param trustDomain the identity trust domain, for identity names
 * @param tokenAudience the audience of the projected ServiceAccount token the proxy presents
 * @param trustAnchorsPEM the mesh's trust anchors (one or more X.509 certificates, PEM)
 * @param proxy the proxy container's settings
 */
public record InjectionConfig(
    String version,
    String controlPlaneNamespace,
    String clusterDomain,
    String trustDomain,
    String tokenAudience,
    String trustAnchorsPEM,
    ProxyConfig proxy) {

  public static final String DEFAULT_VERSION = "0.1.0";
  public static final String DEFAULT_CONTROL_PLANE_NAMESPACE = "meshctl-system";
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
  public static final String DEFAULT_TOKEN_AUDIENCE = "identity.meshctl.dev";

  public InjectionConfig {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(controlPlaneNamespace, "controlPlaneNamespace");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(tokenAudience, "tokenAudience");
    Objects.requireNonNull(trustAnchorsPEM, "trustAnchorsPEM");
    Objects.requireNonNull(proxy, "proxy");
  }

  /**
   * Reads and validates the YAML of the contract's injection config.
   *
   * @throws InjectionConfigException naming the first field that is missing or wrong, and why
   */
  public static InjectionConfig parse(String yaml) {
    return InjectionConfigReader.read(yaml);
  }

  /** Every default, with these trust anchors (which are checked like {@link #parse} does). */
  public static InjectionConfig withDefaults(String trustAnchorsPEM) {
    InjectionConfigReader.checkTrustAnchors(trustAnchorsPEM);
    return new InjectionConfig(
        DEFAULT_VERSION,
        DEFAULT_CONTROL_PLANE_NAMESPACE,
        DEFAULT_CLUSTER_DOMAIN,
        DEFAULT_TRUST_DOMAIN,
        DEFAULT_TOKEN_AUDIENCE,
        trustAnchorsPEM,
        ProxyConfig.defaults(DEFAULT_VERSION));
  }

  /** {@code meshctl-destination.<cpns>.svc.<clusterDomain>:8086}. */
  public String destinationAddress() {
    return serviceAddress("meshctl-destination", MeshPorts.DESTINATION_GRPC);
  }

  /** {@code meshctl-identity.<cpns>.svc.<clusterDomain>:8080}. */
  public String identityAddress() {
    return serviceAddress("meshctl-identity", MeshPorts.IDENTITY_GRPC);
  }

  private String serviceAddress(String service, int port) {
    return service + "." + controlPlaneNamespace + ".svc." + clusterDomain + ":" + port;
  }

  /**
   * The proxy container's settings.
   *
   * @param image the proxy image, also run by the {@code mesh-init} container
   * @param imagePullPolicy {@code Always}, {@code IfNotPresent} or {@code Never}
   * @param uid the proxy's user id, which the iptables rules exempt from redirection
   * @param logLevel {@code MESH_PROXY_LOG_LEVEL}
   * @param opaquePorts {@code MESH_PROXY_OPAQUE_PORTS}; empty for the proxy's own default
   * @param cpuRequest CPU request; empty for none
   * @param memoryRequest memory request; empty for none
   * @param cpuLimit CPU limit; empty for none
   * @param memoryLimit memory limit; empty for none
   * @param nativeSidecar whether the proxy runs as a native sidecar
   */
  public record ProxyConfig(
      String image,
      String imagePullPolicy,
      long uid,
      String logLevel,
      String opaquePorts,
      String cpuRequest,
      String memoryRequest,
      String cpuLimit,
      String memoryLimit,
      NativeSidecarMode nativeSidecar) {

    public static final String DEFAULT_IMAGE_REPOSITORY = "ghcr.io/meshctl/mesh-proxy";
    public static final String DEFAULT_IMAGE_PULL_POLICY = "IfNotPresent";
    public static final long DEFAULT_UID = 2102;
    public static final String DEFAULT_LOG_LEVEL = "info";
    public static final String DEFAULT_CPU_REQUEST = "100m";
    public static final String DEFAULT_MEMORY_REQUEST = "32Mi";
    public static final String DEFAULT_MEMORY_LIMIT = "128Mi";

    public ProxyConfig {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
      Objects.requireNonNull(logLevel, "logLevel");
      Objects.requireNonNull(opaquePorts, "opaquePorts");
      Objects.requireNonNull(cpuRequest, "cpuRequest");
      Objects.requireNonNull(memoryRequest, "memoryRequest");
      Objects.requireNonNull(cpuLimit, "cpuLimit");
      Objects.requireNonNull(memoryLimit, "memoryLimit");
      Objects.requireNonNull(nativeSidecar, "nativeSidecar");
    }

    /** The defaults, with the image {@code ghcr.io/meshctl/mesh-proxy:<version>}. */
    public static ProxyConfig defaults(String version) {
      return new ProxyConfig(
          DEFAULT_IMAGE_REPOSITORY + ":" + version,
          DEFAULT_IMAGE_PULL_POLICY,
          DEFAULT_UID,
          DEFAULT_LOG_LEVEL,
          "",
          DEFAULT_CPU_REQUEST,
          DEFAULT_MEMORY_REQUEST,
          "",
          DEFAULT_MEMORY_LIMIT,
          NativeSidecarMode.AUTO);
    }
  }
}
