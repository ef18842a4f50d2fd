package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meshctl.charts.ChartException;
import dev.meshctl.charts.Charts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the charts the way {@code install} and {@code upgrade} do: the control plane with its key
 * material as values under what the user gave, released as {@code meshctl} in {@code
 * meshctl-system}; or the CRDs.
 */
final class ControlPlaneRenderer {

  private ControlPlaneRenderer() {}

  /** The trust domain the user's values ask for, else the default. */
  static String trustDomain(Map<String, Object> overrides) {
    Object value = ValueOverrides.at(overrides, "identityTrustDomain");
    return value == null ? ClusterNames.TRUST_DOMAIN : value.toString();
  }

  /** The control plane's values: the key material, then the user's values over it. */
  static Map<String, Object> values(InstallSecrets secrets, Map<String, Object> overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("identityTrustAnchorsPEM", secrets.trustAnchorsPem());
    values.put(
        "identity",
        map("issuer", map("tls", pem(secrets.issuerCertificatePem(), secrets.issuerKeyPem()))));
    values.put(
        "controller", map("tapClientTLS", pem(secrets.tapCertificatePem(), secrets.tapKeyPem())));
    Map<String, Object> injector =
        map("tls", pem(secrets.injector().certificatePem(), secrets.injector().keyPem()));
    injector.put("caBundlePEM", secrets.injector().caPem());
    values.put("injector", injector);
    ValueOverrides.merge(values, overrides);
    values.put(INSTALL_OPTIONS, withoutKeyMaterial(overrides));
    return values;
  }

  /** The chart value that keeps what install was given, for upgrade. */
  static final String INSTALL_OPTIONS = "installOptions";

  /** The values that carry certificates and keys: never kept as install options. */
  private static final List<String> KEY_MATERIAL =
      List.of(
          "identityTrustAnchorsPEM",
          "identity.issuer.tls",
          "controller.tapClientTLS",
          "injector.tls",
          "injector.caBundlePEM",
          INSTALL_OPTIONS);

  /** A deep copy of the user's values without certificates or keys. */
  static Map<String, Object> withoutKeyMaterial(Map<String, Object> overrides) {
    Map<String, Object> copy = deepCopy(overrides);
    for (String path : KEY_MATERIAL) {
      String[] keys = path.split("\\.");
      Map<?, ?> map = copy;
      for (int i = 0; i < keys.length - 1 && map != null; i++) {
        map = map.get(keys[i]) instanceof Map<?, ?> next ? next : null;
      }
      if (map != null) {
        map.remove(keys[keys.length - 1]);
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (key, value) ->
            copy.put(
                key, value instanceof Map<?, ?> map ? deepCopy((Map<String, Object>) map) : value));
    return copy;
  }

  static String renderControlPlane(Map<String, Object> values) {
    return render(Charts.CONTROL_PLANE, values);
  }

  static String renderCrds(Map<String, Object> values) {
    return render(Charts.CRDS, values);
  }

  static String valuesYaml(Map<String, Object> values) {
    try {
      return ValueOverrides.yaml().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the values as YAML", e);
    }
  }

  private static String render(String chart, Map<String, Object> values) {
    try {
      return Charts.render(chart, ClusterNames.RELEASE, ClusterNames.NAMESPACE, values);
    } catch (ChartException e) {
      throw new UserFacingException(
          "the chart " + chart + " refused the values: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> pem(String crt, String key) {
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("crtPEM", crt);
    tls.put("keyPEM", key);
    return tls;
  }

  private static Map<String, Object> map(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }
}
