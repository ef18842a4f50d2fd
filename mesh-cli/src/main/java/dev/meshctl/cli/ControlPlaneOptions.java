package dev.meshctl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The chart options {@code install} and {@code upgrade} share: values ({@code --set}, {@code -f}),
 * the shortcuts {@code --registry}, {@code --tag} and {@code --ha}, and what to print.
 */
final class ControlPlaneOptions {

  /** Replicas of each control-plane Deployment with {@code --ha}. */
  static final int HA_REPLICAS = 3;

  static final List<String> COMPONENTS = List.of("controller", "identity", "injector", "web");

  enum Output {
    yaml,
    values
  }

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A chart value, as with helm (repeatable; several per flag, comma-separated), e.g."
              + " --set controller.replicas=2.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = {"-f", "--values"},
      paramLabel = "FILE",
      description = "A values file, as with helm (repeatable; --set wins over it).")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--registry",
      paramLabel = "REGISTRY",
      description = "The registry of every image (chart default: ghcr.io/meshctl).")
  String registry;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "The tag of every image (chart default: its appVersion).")
  String tag;

  @Option(
      names = "--ha",
      description =
          "High availability: "
              + HA_REPLICAS
              + " replicas of each component, and the webhook's failurePolicy Fail (a pod is not"
              + " created unmeshed while the injector is down).")
  boolean ha;

  @Option(
      names = {"-o", "--output"},
      description =
          "yaml: the manifests, for kubectl apply -f -; values: the chart values, for helm"
              + " install -f (default: ${DEFAULT-VALUE}).",
      defaultValue = "yaml")
  Output output;

  /** The values given on the command line: the shortcuts, then the files, then {@code --set}. */
  Map<String, Object> overrides() {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> image = new LinkedHashMap<>();
    if (registry != null) {
      image.put("registry", registry);
    }
    if (tag != null) {
      image.put("tag", tag);
    }
    if (!image.isEmpty()) {
      values.put("image", image);
    }
    if (ha) {
      for (String component : COMPONENTS) {
        values.put(component, new LinkedHashMap<>(Map.of("replicas", HA_REPLICAS)));
      }
      ValueOverrides.merge(values, Map.of("injector", Map.of("failurePolicy", "Fail")));
    }
    ValueOverrides.merge(values, ValueOverrides.read(files, sets));
    return values;
  }
}
