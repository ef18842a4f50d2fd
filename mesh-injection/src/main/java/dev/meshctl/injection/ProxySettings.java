package dev.meshctl.injection;

import dev.meshctl.api.MeshAnnotations;
import dev.meshctl.injection.InjectionConfig.ProxyConfig;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The proxy settings of one pod: the config's, overridden by the namespace's {@code
 * config.meshctl.dev/*} annotations, overridden in turn by the pod's.
 */
record ProxySettings(
    String skipInboundPorts,
    String skipOutboundPorts,
    String opaquePorts,
    NativeSidecarMode nativeSidecar,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit,
    String logLevel) {

  /** The settings, or a problem naming the annotation (and where it is) and what is wrong. */
  record Resolution(ProxySettings settings, String problem) {}

  static Resolution resolve(
      ProxyConfig config, Map<String, String> pod, Map<String, String> namespace) {
    Lookup lookup = new Lookup(pod, namespace);
    try {
      String skipInbound =
          SettingChecks.normalizePortList(
              lookup.get(MeshAnnotations.SKIP_INBOUND_PORTS, "", SettingChecks::portListProblem));
      String skipOutbound =
          SettingChecks.normalizePortList(
              lookup.get(MeshAnnotations.SKIP_OUTBOUND_PORTS, "", SettingChecks::portListProblem));
      String opaque =
          SettingChecks.normalizePortList(
              lookup.get(
                  MeshAnnotations.OPAQUE_PORTS,
                  config.opaquePorts(),
                  SettingChecks::portListProblem));
      String nativeSidecar =
          lookup.get(
              MeshAnnotations.NATIVE_SIDECAR,
              config.nativeSidecar().value(),
              value ->
                  NativeSidecarMode.parse(value).isPresent()
                      ? Optional.empty()
                      : Optional.of(
                          "is \"" + value + "\", which is not one of auto, enabled, disabled"));
      String cpuRequest =
          lookup.get(MeshAnnotations.PROXY_CPU_REQUEST, config.cpuRequest(), quantity());
      String memoryRequest =
          lookup.get(MeshAnnotations.PROXY_MEMORY_REQUEST, config.memoryRequest(), quantity());
      String cpuLimit = lookup.get(MeshAnnotations.PROXY_CPU_LIMIT, config.cpuLimit(), quantity());
      String memoryLimit =
          lookup.get(MeshAnnotations.PROXY_MEMORY_LIMIT, config.memoryLimit(), quantity());
      String logLevel =
          lookup.get(
              MeshAnnotations.PROXY_LOG_LEVEL, config.logLevel(), SettingChecks::logLevelProblem);
      return new Resolution(
          new ProxySettings(
              skipInbound,
              skipOutbound,
              opaque,
              NativeSidecarMode.parse(nativeSidecar).orElseThrow(),
              cpuRequest,
              memoryRequest,
              cpuLimit,
              memoryLimit,
              logLevel),
          null);
    } catch (BadAnnotation e) {
      return new Resolution(null, e.getMessage());
    }
  }

  /** An empty resource annotation means no request or limit at all. */
  private static Function<String, Optional<String>> quantity() {
    return value -> value.isBlank() ? Optional.empty() : SettingChecks.quantityProblem(value);
  }

  private record Lookup(Map<String, String> pod, Map<String, String> namespace) {

    String get(String key, String defaultValue, Function<String, Optional<String>> check) {
      String where;
      String value;
      if (pod.containsKey(key)) {
        where = "on the pod";
        value = pod.get(key);
      } else if (namespace.containsKey(key)) {
        where = "on the namespace";
        value = namespace.get(key);
      } else {
        return defaultValue;
      }
      String text = value == null ? "" : value;
      Optional<String> problem = check.apply(text);
      if (problem.isPresent()) {
        throw new BadAnnotation("annotation " + key + " " + where + " " + problem.get());
      }
      return text.trim();
    }
  }

  private static final class BadAnnotation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadAnnotation(String message) {
      super(message, null, false, false);
    }
  }
}
