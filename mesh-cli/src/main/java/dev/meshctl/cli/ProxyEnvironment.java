package dev.meshctl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code MESH_PROXY_*} variables of a local workload's proxy: its listeners on 127.0.0.1, where
 * inbound traffic goes, the controller and identity service of the local control plane, the token
 * that proves its identity, and the controller's identity as the one allowed to tap it.
 */
final class ProxyEnvironment {

  private ProxyEnvironment() {}

  static Map<String, String> of(
      LocalWorkload workload,
      String destinationAddr,
      String identityAddr,
      Path trustAnchors,
      Path tokenFile) {
    Map<String, String> env = new LinkedHashMap<>();
    LocalWorkload.ProxyPorts ports = workload.proxy();
    env.put("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + ports.outbound());
    env.put("MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + ports.inbound());
    env.put("MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + ports.admin());
    env.put("MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:" + ports.tap());
    if (workload.appPort() != 0) {
      env.put("MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:" + workload.appPort());
    }
    env.put("MESH_PROXY_DESTINATION_SVC_ADDR", destinationAddr);
    env.put(
        "MESH_PROXY_DESTINATION_CONTEXT",
        "{\"ns\":\"" + workload.namespace() + "\",\"nodeName\":\"local\"}");
    if (!workload.calls().isEmpty()) {
      env.put("MESH_PROXY_DESTINATION_PREWARM_AUTHORITIES", String.join(",", workload.calls()));
    }
    env.put("MESH_PROXY_IDENTITY_LOCAL_NAME", workload.identity().dnsName());
    env.put("MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", trustAnchors.toString());
    env.put("MESH_PROXY_IDENTITY_SVC_ADDR", identityAddr);
    env.put("MESH_PROXY_IDENTITY_SVC_NAME", LocalControlPlane.IDENTITY_SERVICE.dnsName());
    env.put("MESH_PROXY_IDENTITY_TOKEN_FILE", tokenFile.toString());
    env.put("MESH_PROXY_TAP_SVC_NAME", LocalControlPlane.CONTROLLER_IDENTITY.dnsName());
    env.put("MESH_PROXY_SHUTDOWN_GRACE_PERIOD", "2s");
    return env;
  }
}
