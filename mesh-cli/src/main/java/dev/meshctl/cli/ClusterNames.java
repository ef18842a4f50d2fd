package dev.meshctl.cli;

import java.util.List;

/**
 * The names of the control plane's objects in a cluster, as the chart creates them (see the install
 * contract): what install renders, check and upgrade read and uninstall deletes.
 */
final class ClusterNames {

  static final String NAMESPACE = "meshctl-system";
  static final String RELEASE = "meshctl";
  static final String TRUST_DOMAIN = "cluster.local";

  static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
  static final String PART_OF = "meshctl";

  static final List<String> DEPLOYMENTS =
      List.of("meshctl-controller", "meshctl-identity", "meshctl-injector", "meshctl-web");

  static final String CONTROLLER_SERVICE_ACCOUNT = "meshctl-controller";

  static final String CONFIG_MAP = "meshctl-config";
  static final String CONFIG_KEY = "config.yaml";
  static final String TRUST_ROOTS_CONFIG_MAP = "meshctl-identity-trust-roots";
  static final String TRUST_ROOTS_KEY = "ca-bundle.crt";

  static final String ISSUER_SECRET = "meshctl-identity-issuer";
  static final String TAP_SECRET = "meshctl-controller-tap-tls";
  static final String INJECTOR_SECRET = "meshctl-injector-tls";
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";

  static final String WEBHOOK_CONFIGURATION = "meshctl-proxy-injector";
  static final String WEBHOOK = "proxy-injector.meshctl.dev";
  static final String INJECTOR_SERVICE = "meshctl-injector";

  static final String SERVICE_PROFILE_CRD = "serviceprofiles.meshctl.dev";
  static final String HTTP_ROUTE_CRD = "httproutes.gateway.networking.k8s.io";

  static final String PROXY_CONTAINER = "mesh-proxy";

  private ClusterNames() {}
}
