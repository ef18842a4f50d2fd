package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.InjectionConfigException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
      Map<String, String> config = installedConfig(client);
      Map<String, Object> overrides = new LinkedHashMap<>();
      installedTrustDomain(config)
          .ifPresent(domain -> overrides.put("identityTrustDomain", domain));
      Map<String, Object> kept = installedOptions(config);
      if (!kept.isEmpty()) {
        err.println(
            "Keeping the options the control plane was installed with (give them again to change"
                + " them): "
                + String.join(", ", flatten("", kept)));
      }
      ValueOverrides.merge(overrides, kept);
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

  /** The data of the installed meshctl-config ConfigMap; empty when there is none. */
  private static Map<String, String> installedConfig(KubernetesClient client) {
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
    return config == null || config.getData() == null ? Map.of() : config.getData();
  }

  private static Optional<String> installedTrustDomain(Map<String, String> config) {
    String yaml = config.get(ClusterNames.CONFIG_KEY);
    if (yaml == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InjectionConfig.parse(yaml).trustDomain());
    } catch (InjectionConfigException e) {
      return Optional.empty();
    }
  }

  /**
   * What install was given ({@code install-options.yaml}, the chart's {@code installOptions}); an
   * install by an older meshctl or by helm has none.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> installedOptions(Map<String, String> config) {
    String yaml = config.get(INSTALL_OPTIONS_KEY);
    if (yaml == null || yaml.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      Object options = ValueOverrides.yaml().readValue(yaml, Object.class);
      return options instanceof Map<?, ?> map
          ? ControlPlaneRenderer.withoutKeyMaterial((Map<String, Object>) map)
          : new LinkedHashMap<>();
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          "the installed "
              + INSTALL_OPTIONS_KEY
              + " of ConfigMap "
              + ClusterNames.CONFIG_MAP
              + " is not YAML ("
              + e.getOriginalMessage()
              + "): fix or remove that key and run meshctl upgrade again",
          e);
    }
  }

  static final String INSTALL_OPTIONS_KEY = "install-options.yaml";

  /** {@code key.path=value} for every leaf, as {@code --set} takes them. */
  private static List<String> flatten(String prefix, Map<?, ?> values) {
    List<String> pairs = new ArrayList<>();
    values.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key.toString() : prefix + "." + key;
          if (value instanceof Map<?, ?> map) {
            pairs.addAll(flatten(path, map));
          } else {
            pairs.add(path + "=" + value);
          }
        });
    return pairs;
  }
}
