package dev.meshctl.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Reads the key material of an installed control plane back from the cluster, for upgrade. */
final class InstalledSecrets {

  private InstalledSecrets() {}

  /**
   * The trust anchors, the issuer, the tap and injector TLS, and the injector's CA (from the
   * webhook's caBundle) of the control plane in {@code namespace}.
   *
   * @throws UserFacingException when meshctl is not installed or a piece is missing
   */
  static InstallSecrets read(KubernetesClient client, String namespace) {
    ConfigMap roots;
    try {
      roots =
          client
              .configMaps()
              .inNamespace(namespace)
              .withName(ClusterNames.TRUST_ROOTS_CONFIG_MAP)
              .get();
    } catch (RuntimeException e) {
      throw KubernetesErrors.explain(client, e);
    }
    if (roots == null) {
      throw new UserFacingException(
          "meshctl is not installed in namespace "
              + namespace
              + " (no ConfigMap "
              + ClusterNames.TRUST_ROOTS_CONFIG_MAP
              + "): install it with meshctl install | kubectl apply -f -");
    }
    String anchors =
        roots.getData() == null ? null : roots.getData().get(ClusterNames.TRUST_ROOTS_KEY);
    if (anchors == null || anchors.isBlank()) {
      throw new UserFacingException(
          "the ConfigMap "
              + ClusterNames.TRUST_ROOTS_CONFIG_MAP
              + " has no "
              + ClusterNames.TRUST_ROOTS_KEY
              + ": the install is damaged; reinstall with meshctl install");
    }
    String[] issuer = tls(client, namespace, ClusterNames.ISSUER_SECRET);
    String[] tap = tls(client, namespace, ClusterNames.TAP_SECRET);
    String[] injector = tls(client, namespace, ClusterNames.INJECTOR_SECRET);
    return new InstallSecrets(
        anchors,
        issuer[0],
        issuer[1],
        tap[0],
        tap[1],
        new InjectorCertificates(injector[0], injector[1], injectorCa(client)));
  }

  private static String[] tls(KubernetesClient client, String namespace, String name) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (RuntimeException e) {
      throw KubernetesErrors.explain(client, e);
    }
    if (secret == null) {
      throw new UserFacingException(
          "the Secret "
              + name
              + " is missing from namespace "
              + namespace
              + ": reinstall with meshctl install");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String crt = PemCertificates.decode(data.get(ClusterNames.TLS_CRT));
    String key = PemCertificates.decode(data.get(ClusterNames.TLS_KEY));
    if (crt == null || key == null) {
      throw new UserFacingException(
          "the Secret "
              + name
              + " has no readable tls.crt and tls.key: reinstall with meshctl install");
    }
    return new String[] {crt, key};
  }

  private static String injectorCa(KubernetesClient client) {
    MutatingWebhookConfiguration webhook;
    try {
      webhook =
          client
              .admissionRegistration()
              .v1()
              .mutatingWebhookConfigurations()
              .withName(ClusterNames.WEBHOOK_CONFIGURATION)
              .get();
    } catch (RuntimeException e) {
      throw KubernetesErrors.explain(client, e);
    }
    String bundle =
        webhook == null || webhook.getWebhooks() == null
            ? null
            : webhook.getWebhooks().stream()
                .filter(w -> ClusterNames.WEBHOOK.equals(w.getName()))
                .map(w -> w.getClientConfig() == null ? null : w.getClientConfig().getCaBundle())
                .filter(b -> b != null && !b.isBlank())
                .findFirst()
                .orElse(null);
    String pem = PemCertificates.decode(bundle);
    if (pem == null) {
      throw new UserFacingException(
          "the webhook configuration "
              + ClusterNames.WEBHOOK_CONFIGURATION
              + " has no caBundle of webhook "
              + ClusterNames.WEBHOOK
              + ": reinstall with meshctl install");
    }
    return pem;
  }
}
