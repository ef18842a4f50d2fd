package dev.meshctl.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * A Service of the installed control plane reached through the Kubernetes API, by default the
 * controller's REST API: a port-forward from a free loopback port to Service {@code meshctl-api}
 * (8085) in {@code meshctl-system}, as {@code kubectl port-forward} makes one. It lasts until this
 * process ends.
 */
final class KubernetesApiForward {

  static final String SERVICE = "meshctl-api";
  static final int PORT = 8085;

  private KubernetesApiForward() {}

  /** The forwarded API when a cluster is configured (kubeconfig or in a pod), else empty. */
  static Optional<URI> ifConfigured() {
    return ifConfigured(SERVICE, PORT, "the controller");
  }

  /**
   * A forward to {@code port} of the control plane's Service {@code service} when a cluster is
   * configured, else empty; {@code what} names it in errors.
   */
  static Optional<URI> ifConfigured(String service, int port, String what) {
    KubernetesOptions kubernetes = new KubernetesOptions();
    if (!kubernetes.configured()) {
      return Optional.empty();
    }
    KubernetesClient client = kubernetes.client();
    LocalPortForward forward;
    try {
      forward =
          client
              .services()
              .inNamespace(ClusterNames.NAMESPACE)
              .withName(service)
              .portForward(port, InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      client.close();
      throw new UserFacingException(
          "cannot reach "
              + what
              + " through the Kubernetes API at "
              + client.getConfiguration().getMasterUrl()
              + " (a port-forward to service "
              + service
              + " in "
              + ClusterNames.NAMESPACE
              + "): "
              + KubernetesErrors.reason(e)
              + "; is meshctl installed (meshctl check)? For a local mesh, start it first"
              + " (meshctl demo) or give --api-addr",
          e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    forward.close();
                  } catch (IOException ignored) {
                    // The process is ending: nothing to tell anyone.
                  }
                  client.close();
                },
                "meshctl-port-forward-close"));
    return Optional.of(URI.create("http://127.0.0.1:" + forward.getLocalPort()));
  }
}
