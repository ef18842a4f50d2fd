package dev.meshctl.cli;

import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.InjectionConfigException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl upgrade}: renders the control plane of this meshctl again with the key material
 * already installed in the cluster, so that proxies keep trusting the control plane.
 */
@Command(
    name = "upgrade",
    description = {
      "Print the control plane of this meshctl for kubectl apply -f -, keeping the CA installed"
          + " in the cluster.",
      "The trust anchors (ConfigMap "
          + ClusterNames.TRUST_ROOTS_CONFIG_MAP
          + "), the issuer (Secret "
          + ClusterNames.ISSUER_SECRET
          + "), the controller's tap certificate and the injector's TLS are read from the cluster"
          + " and rendered as they are, as is the installed trust domain.",
      "Chart values are not read back: give the --set, -f, --registry, --tag and --ha of the"
          + " install again. Fails when meshctl is not installed."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {
      "  meshctl install --crds | kubectl apply -f -",
      "  meshctl upgrade | kubectl apply -f -",
      "  meshctl check",
      "",
      "  meshctl upgrade --context prod --ha -o values > values.yaml"
    })
final class UpgradeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ControlPlaneOptions chart;

  @Mixin KubernetesOptions kubernetes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> values;
    try (KubernetesClient client = kubernetes.client()) {
      InstallSecrets secrets = InstalledSecrets.read(client, ClusterNames.NAMESPACE);
      Map<String, Object> overrides = new LinkedHashMap<>();
      installedTrustDomain(client)
          .ifPresent(domain -> overrides.put("identityTrustDomain", domain));
      ValueOverrides.merge(overrides, chart.overrides());
      values = ControlPlaneRenderer.values(secrets, overrides);
    }
    if (chart.output == ControlPlaneOptions.Output.values) {
      out.print(ControlPlaneRenderer.valuesYaml(values));
    } else {
      out.print(ControlPlaneRenderer.renderControlPlane(values));
    }
    err.println(
        "Rendered the control plane of meshctl "
            + BuildInfo.version()
            + " with the CA installed in namespace "
            + ClusterNames.NAMESPACE
            + ".");
    err.println("next: meshctl check");
    return ExitCodes.OK;
  }

  private static Optional<String> installedTrustDomain(KubernetesClient client) {
    ConfigMap config;
    try {
      config =
          client
              .configMaps()
              .inNamespace(ClusterNames.NAMESPACE)
              .withName(ClusterNames.CONFIG_MAP)
              .get();
    } catch (RuntimeException e) {
      throw KubernetesErrors.explain(client, e);
    }
    String yaml =
        config == null || config.getData() == null
            ? null
            : config.getData().get(ClusterNames.CONFIG_KEY);
    if (yaml == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InjectionConfig.parse(yaml).trustDomain());
    } catch (InjectionConfigException e) {
      return Optional.empty();
    }
  }
}
