package dev.meshctl.cli;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl install}: renders the control-plane chart with a new CA (trust anchor, issuer),
 * the controller's tap certificate and the injector's TLS, for {@code kubectl apply -f -}; or, with
 * {@code --crds}, the CRDs chart.
 */
@Command(
    name = "install",
    description = {
      "Print the manifests of the mesh for kubectl apply -f -.",
      "With --crds the CustomResourceDefinitions (apply them first), without it the control"
          + " plane in namespace "
          + ClusterNames.NAMESPACE
          + " (release "
          + ClusterNames.RELEASE
          + ").",
      "The control plane gets new key material each time: a trust anchor and an identity issuer"
          + " (ECDSA P-256; 10 years and 1 year), the controller's tap client certificate, and the"
          + " injector webhook's serving certificate with its own CA. To keep them, use meshctl"
          + " upgrade.",
      "Unless --ignore-cluster, the cluster of the kubeconfig (when there is one) is asked"
          + " first, and an existing control plane stops the install. Progress and the next step go to stderr."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meshctl check --pre",
      "  meshctl install --crds | kubectl apply -f -",
      "  meshctl install | kubectl apply -f -",
      "  meshctl check",
      "",
      "  # images from your registry, three replicas of everything",
      "  meshctl install --registry registry.example.com/meshctl --tag 0.1.0 --ha | kubectl apply"
          + " -f -",
      "",
      "  # the values for helm, with the new key material in them",
      "  meshctl install -o values > values.yaml",
      "  helm install meshctl helm/meshctl-control-plane -n meshctl-system -f values.yaml"
    })
final class InstallCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--crds", description = "Render the CRDs chart instead of the control plane.")
  boolean crds;

  @Option(
      names = "--ignore-cluster",
      description = "Do not ask the cluster whether meshctl is installed already.")
  boolean ignoreCluster;

  @Mixin ControlPlaneOptions chart;

  @Mixin KubernetesOptions kubernetes;

  static final String GATEWAY_API_VALUE = "installGatewayAPI";

  /** Makes the key material for a trust domain; tests give fixed material. */
  private final Function<String, InstallSecrets> secrets;

  InstallCommand() {
    this(
        trustDomain ->
            InstallSecrets.generate(Clock.systemUTC(), ClusterNames.NAMESPACE, trustDomain));
  }

  InstallCommand(Function<String, InstallSecrets> secrets) {
    this.secrets = secrets;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> overrides = chart.overrides();
    if (crds) {
      if (chart.output == ControlPlaneOptions.Output.values) {
        out.print(ControlPlaneRenderer.valuesYaml(overrides));
      } else {
        if (!ignoreCluster && !overrides.containsKey(GATEWAY_API_VALUE)) {
          gatewayApiOwnedElsewhere(err)
              .ifPresent(
                  owner -> {
                    overrides.put(GATEWAY_API_VALUE, false);
                    err.println(
                        "The cluster has the Gateway API's HTTPRoute CRD already ("
                            + owner
                            + "): leaving it out.");
                  });
        }
        out.print(ControlPlaneRenderer.renderCrds(overrides));
        err.println("Rendered the meshctl CRDs.");
        err.println("next: meshctl install | kubectl apply -f -");
      }
      return ExitCodes.OK;
    }
    if (!ignoreCluster) {
      refuseExistingInstall(err);
    }
    String trustDomain = ControlPlaneRenderer.trustDomain(overrides);
    Map<String, Object> values = ControlPlaneRenderer.values(secrets.apply(trustDomain), overrides);
    if (chart.output == ControlPlaneOptions.Output.values) {
      out.print(ControlPlaneRenderer.valuesYaml(values));
      err.println(
          "Wrote the values of the control plane with a new trust anchor for "
              + trustDomain
              + "; they hold private keys: keep them secret.");
      err.println(
          "next: helm install "
              + ClusterNames.RELEASE
              + " helm/meshctl-control-plane -n "
              + ClusterNames.NAMESPACE
              + " -f FILE, then meshctl check");
      return ExitCodes.OK;
    }
    out.print(ControlPlaneRenderer.renderControlPlane(values));
    err.println(
        "Rendered the control plane in namespace "
            + ClusterNames.NAMESPACE
            + " with a new trust anchor for "
            + trustDomain
            + " (apply meshctl install --crds first).");
    err.println("next: meshctl check");
    return ExitCodes.OK;
  }

  /**
   * Who installed the cluster's HTTPRoute CRD, when it is there and not meshctl's: then the CRDs
   * chart leaves it out (Helm's own {@code lookup} does this under {@code helm install}; a render
   * for kubectl cannot look up, so meshctl asks the cluster itself).
   */
  private Optional<String> gatewayApiOwnedElsewhere(PrintWriter err) {
    if (!kubernetes.configured()) {
      err.println(
          "No kubeconfig: the HTTPRoute CRD is included; give --set "
              + GATEWAY_API_VALUE
              + "=false where the Gateway API is installed already.");
      return Optional.empty();
    }
    try (KubernetesClient client = kubernetes.client()) {
      CustomResourceDefinition existing;
      try {
        existing =
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(ClusterNames.HTTP_ROUTE_CRD)
                .get();
      } catch (RuntimeException e) {
        throw new UserFacingException(
            KubernetesErrors.explain(client, e).getMessage()
                + " (meshctl asks whether the Gateway API is installed already; give"
                + " --ignore-cluster to render without asking)",
            e);
      }
      if (existing == null) {
        return Optional.empty();
      }
      Map<String, String> labels = existing.getMetadata().getLabels();
      if (labels != null && "meshctl".equals(labels.get("app.kubernetes.io/part-of"))) {
        return Optional.empty();
      }
      String bundle =
          existing.getMetadata().getAnnotations() == null
              ? null
              : existing
                  .getMetadata()
                  .getAnnotations()
                  .get("gateway.networking.k8s.io/bundle-version");
      return Optional.of(bundle == null ? "not meshctl's" : "Gateway API " + bundle);
    }
  }

  private void refuseExistingInstall(PrintWriter err) {
    if (!kubernetes.configured()) {
      err.println("No kubeconfig: not asking a cluster whether meshctl is installed already.");
      return;
    }
    try (KubernetesClient client = kubernetes.client()) {
      boolean installed;
      try {
        installed =
            client
                    .configMaps()
                    .inNamespace(ClusterNames.NAMESPACE)
                    .withName(ClusterNames.TRUST_ROOTS_CONFIG_MAP)
                    .get()
                != null;
      } catch (RuntimeException e) {
        throw new UserFacingException(
            KubernetesErrors.explain(client, e).getMessage()
                + " (meshctl asks whether it is installed already; give --ignore-cluster to render"
                + " without asking)",
            e);
      }
      if (installed) {
        throw new UserFacingException(
            "meshctl is installed already in namespace "
                + ClusterNames.NAMESPACE
                + ": use meshctl upgrade | kubectl apply -f - (which keeps its CA), or give"
                + " --ignore-cluster to render a new control plane anyway");
      }
    }
  }
}
