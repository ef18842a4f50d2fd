package dev.meshctl.injection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshctl.injection.InjectionConfig.ProxyConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the YAML of the injection config into an {@link InjectionConfig}, one field at a time, so
 * that every problem names its field (dotted path, such as {@code proxy.uid}). Fields it does not
 * know are ignored, so that an older reader accepts a newer chart's config.
 */
final class InjectionConfigReader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** RFC 1123 label: a namespace name. */
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  /** RFC 1123 subdomain: a cluster or trust domain. */
  private static final Pattern DNS_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  private InjectionConfigReader() {}

  static InjectionConfig read(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new InjectionConfigException(
          "the injection config is empty: trustAnchorsPEM is required");
    }
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InjectionConfigException(
          "the injection config is not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new InjectionConfigException(
          "the injection config is empty: trustAnchorsPEM is required");
    }
    if (!root.isObject()) {
      throw new InjectionConfigException("the injection config is not a YAML mapping");
    }
    String version = text(root, "", "version", InjectionConfig.DEFAULT_VERSION, nonEmpty());
    String namespace =
        text(
            root,
            "",
            "controlPlaneNamespace",
            InjectionConfig.DEFAULT_CONTROL_PLANE_NAMESPACE,
            matches(DNS_LABEL, "a namespace name (RFC 1123 label)"));
    String clusterDomain =
        text(
            root,
            "",
            "clusterDomain",
            InjectionConfig.DEFAULT_CLUSTER_DOMAIN,
            matches(DNS_NAME, "a DNS name"));
    String trustDomain =
        text(
            root,
            "",
            "trustDomain",
            InjectionConfig.DEFAULT_TRUST_DOMAIN,
            matches(DNS_NAME, "a DNS name"));
    String audience =
        text(root, "", "tokenAudience", InjectionConfig.DEFAULT_TOKEN_AUDIENCE, nonEmpty());
    JsonNode anchors = root.get("trustAnchorsPEM");
    if (anchors == null
        || anchors.isNull()
        || (anchors.isTextual() && anchors.asText().isBlank())) {
      throw new InjectionConfigException(
          "trustAnchorsPEM is required: the mesh's trust anchors as PEM certificates");
    }
    if (!anchors.isTextual()) {
      throw new InjectionConfigException("trustAnchorsPEM must be a string of PEM certificates");
    }
    checkTrustAnchors(anchors.asText());
    ProxyConfig proxy = proxy(root.get("proxy"), version);
    return new InjectionConfig(
        version, namespace, clusterDomain, trustDomain, audience, anchors.asText(), proxy);
  }

  private static ProxyConfig proxy(JsonNode node, String version) {
    ProxyConfig defaults = ProxyConfig.defaults(version);
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new InjectionConfigException("proxy must be a mapping of proxy settings");
    }
    String p = "proxy.";
    String image = text(node, p, "image", defaults.image(), nonEmpty());
    String pullPolicy =
        text(
            node,
            p,
            "imagePullPolicy",
            defaults.imagePullPolicy(),
            value ->
                PULL_POLICIES.contains(value)
                    ? Optional.empty()
                    : Optional.of(
                        "is \"" + value + "\", which is not one of Always, IfNotPresent, Never"));
    long uid = uid(node.get("uid"), defaults.uid());
    String logLevel =
        text(node, p, "logLevel", defaults.logLevel(), SettingChecks::logLevelProblem);
    String opaquePorts =
        SettingChecks.normalizePortList(
            text(node, p, "opaquePorts", "", emptyOr(SettingChecks::portListProblem)));
    String cpuRequest =
        text(node, p, "cpuRequest", defaults.cpuRequest(), emptyOr(SettingChecks::quantityProblem));
    String memoryRequest =
        text(
            node,
            p,
            "memoryRequest",
            defaults.memoryRequest(),
            emptyOr(SettingChecks::quantityProblem));
    String cpuLimit = text(node, p, "cpuLimit", "", emptyOr(SettingChecks::quantityProblem));
    String memoryLimit =
        text(
            node,
            p,
            "memoryLimit",
            defaults.memoryLimit(),
            emptyOr(SettingChecks::quantityProblem));
    String nativeText =
        text(
            node,
            p,
            "nativeSidecar",
            defaults.nativeSidecar().value(),
            value ->
                NativeSidecarMode.parse(value).isPresent()
                    ? Optional.empty()
                    : Optional.of(
                        "is \"" + value + "\", which is not one of auto, enabled, disabled"));
    return new ProxyConfig(
        image,
        pullPolicy,
        uid,
        logLevel,
        opaquePorts,
        cpuRequest.trim(),
        memoryRequest.trim(),
        cpuLimit.trim(),
        memoryLimit.trim(),
        NativeSidecarMode.parse(nativeText).orElseThrow());
  }

  private static long uid(JsonNode node, long defaultUid) {
    if (node == null || node.isNull()) {
      return defaultUid;
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new InjectionConfigException(
          "proxy.uid must be a whole number, not \"" + node.asText() + "\"");
    }
    long uid = node.asLong();
    if (uid < 1 || uid > Integer.MAX_VALUE) {
      throw new InjectionConfigException(
          "proxy.uid must be between 1 and "
              + Integer.MAX_VALUE
              + " (the proxy never runs as root), not "
              + uid);
    }
    return uid;
  }

  /** Checks that the PEM holds at least one X.509 certificate and nothing unreadable. */
  static void checkTrustAnchors(String pem) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new InjectionConfigException(
          "trustAnchorsPEM holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      Collection<? extends java.security.cert.Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new InjectionConfigException("trustAnchorsPEM holds no X.509 certificate");
      }
    } catch (CertificateException e) {
      throw new InjectionConfigException(
          "trustAnchorsPEM cannot be read as X.509 PEM certificates: " + e.getMessage(), e);
    }
  }

  private static String text(
      JsonNode parent,
      String prefix,
      String field,
      String defaultValue,
      Function<String, Optional<String>> check) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    if (!node.isValueNode()) {
      throw new InjectionConfigException(
          prefix
              + field
              + " must be a single value, not a "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    String value = node.asText();
    check
        .apply(value)
        .ifPresent(
            problem -> {
              throw new InjectionConfigException(prefix + field + " " + problem);
            });
    return value.trim();
  }

  private static Function<String, Optional<String>> nonEmpty() {
    return value -> value.isBlank() ? Optional.of("must not be empty") : Optional.empty();
  }

  private static Function<String, Optional<String>> emptyOr(
      Function<String, Optional<String>> check) {
    return value -> value.isBlank() ? Optional.empty() : check.apply(value);
  }

  private static Function<String, Optional<String>> matches(Pattern pattern, String what) {
    return value ->
        pattern.matcher(value.trim()).matches()
            ? Optional.empty()
            : Optional.of("is \"" + value + "\", which is not " + what);
  }
}
