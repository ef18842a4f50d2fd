package dev.meshctl.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.injection.InjectionConfig.ProxyConfig;
import org.junit.jupiter.api.Test;

class InjectionConfigTest {

  private static String anchorsYaml() {
    StringBuilder yaml = new StringBuilder("trustAnchorsPEM: |\n");
    TestPods.TRUST_ANCHORS_PEM.lines().forEach(l -> yaml.append("  ").append(l).append('\n'));
    return yaml.toString();
  }

  @Test
  void contractExample_isReadFieldByField() {
    InjectionConfig config =
        TestPods.config("opaquePorts: \"3306, 5432\"", "nativeSidecar: disabled");

    assertThat(config.version()).isEqualTo("0.1.0");
    assertThat(config.controlPlaneNamespace()).isEqualTo("meshctl-system");
    assertThat(config.clusterDomain()).isEqualTo("cluster.local");
    assertThat(config.trustDomain()).isEqualTo("cluster.local");
    assertThat(config.tokenAudience()).isEqualTo("identity.meshctl.dev");
    assertThat(config.trustAnchorsPEM()).isEqualTo(TestPods.TRUST_ANCHORS_PEM);
    ProxyConfig proxy = config.proxy();
    assertThat(proxy.image()).isEqualTo("ghcr.io/meshctl/mesh-proxy:0.1.0");
    assertThat(proxy.imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(proxy.uid()).isEqualTo(2102);
    assertThat(proxy.logLevel()).isEqualTo("info");
    assertThat(proxy.opaquePorts()).isEqualTo("3306,5432");
    assertThat(proxy.cpuRequest()).isEqualTo("100m");
    assertThat(proxy.memoryRequest()).isEqualTo("32Mi");
    assertThat(proxy.cpuLimit()).isEmpty();
    assertThat(proxy.memoryLimit()).isEqualTo("128Mi");
    assertThat(proxy.nativeSidecar()).isEqualTo(NativeSidecarMode.DISABLED);
    assertThat(config.destinationAddress())
        .isEqualTo("meshctl-destination.meshctl-system.svc.cluster.local:8086");
    assertThat(config.identityAddress())
        .isEqualTo("meshctl-identity.meshctl-system.svc.cluster.local:8080");
  }

  @Test
  void onlyTrustAnchors_givesEveryDefault() {
    InjectionConfig config = InjectionConfig.parse(anchorsYaml());

    assertThat(config).isEqualTo(InjectionConfig.withDefaults(TestPods.TRUST_ANCHORS_PEM));
    assertThat(config.proxy().image()).isEqualTo("ghcr.io/meshctl/mesh-proxy:0.1.0");
    assertThat(config.proxy().nativeSidecar()).isEqualTo(NativeSidecarMode.AUTO);
    assertThat(config.proxy().uid()).isEqualTo(2102);
  }

  @Test
  void versionWithoutImage_imageFollowsTheVersion() {
    InjectionConfig config = InjectionConfig.parse("version: 0.2.0\n" + anchorsYaml());

    assertThat(config.proxy().image()).isEqualTo("ghcr.io/meshctl/mesh-proxy:0.2.0");
  }

  @Test
  void unknownFields_areIgnored() {
    InjectionConfig config = InjectionConfig.parse("futureSetting: 3\n" + anchorsYaml());

    assertThat(config.controlPlaneNamespace()).isEqualTo("meshctl-system");
  }

  @Test
  void missingTrustAnchors_namesTheField() {
    assertThatThrownBy(() -> InjectionConfig.parse("version: 0.1.0\n"))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessageStartingWith("trustAnchorsPEM is required");
  }

  @Test
  void emptyDocument_saysTrustAnchorsAreRequired() {
    assertThatThrownBy(() -> InjectionConfig.parse("  \n"))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessageContaining("trustAnchorsPEM is required");
  }

  @Test
  void trustAnchorsThatAreNotPem_namesTheField() {
    assertThatThrownBy(() -> InjectionConfig.parse("trustAnchorsPEM: hello\n"))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessage("trustAnchorsPEM holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void trustAnchorsWithABrokenCertificate_namesTheField() {
    String yaml =
        """
        trustAnchorsPEM: |
          -----BEGIN CERTIFICATE-----
          bm90IGEgY2VydGlmaWNhdGU=
          -----END CERTIFICATE-----
        """;
    assertThatThrownBy(() -> InjectionConfig.parse(yaml))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessageStartingWith("trustAnchorsPEM cannot be read as X.509 PEM certificates");
  }

  @Test
  void notYaml_saysSo() {
    assertThatThrownBy(() -> InjectionConfig.parse("proxy: [unclosed\n"))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessageStartingWith("the injection config is not valid YAML");
  }

  @Test
  void notAMapping_saysSo() {
    assertThatThrownBy(() -> InjectionConfig.parse("- a\n- b\n"))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessage("the injection config is not a YAML mapping");
  }

  @Test
  void badProxyFields_nameTheFieldAndWhy() {
    assertProblem("uid: root", "proxy.uid must be a whole number, not \"root\"");
    assertProblem("uid: 0", "proxy.uid must be between 1 and 2147483647");
    assertProblem(
        "nativeSidecar: maybe",
        "proxy.nativeSidecar is \"maybe\", which is not one of auto, enabled, disabled");
    assertProblem(
        "imagePullPolicy: Sometimes",
        "proxy.imagePullPolicy is \"Sometimes\", which is not one of Always, IfNotPresent, Never");
    assertProblem(
        "opaquePorts: \"3306,70000\"", "proxy.opaquePorts has the port 70000, outside 1-65535");
    assertProblem(
        "cpuLimit: lots", "proxy.cpuLimit is \"lots\", which is not a Kubernetes quantity");
    assertProblem("image: \"\"", "proxy.image must not be empty");
    assertProblem("logLevel: \"in fo\"", "proxy.logLevel is \"in fo\", which is not a log level");
  }

  @Test
  void badTopLevelFields_nameTheField() {
    assertThatThrownBy(
            () -> InjectionConfig.parse("controlPlaneNamespace: Mesh_System\n" + anchorsYaml()))
        .hasMessage(
            "controlPlaneNamespace is \"Mesh_System\", which is not a namespace name (RFC 1123"
                + " label)");
    assertThatThrownBy(() -> InjectionConfig.parse("clusterDomain: [a, b]\n" + anchorsYaml()))
        .hasMessage("clusterDomain must be a single value, not a array");
    assertThatThrownBy(() -> InjectionConfig.parse("proxy: 3\n" + anchorsYaml()))
        .hasMessage("proxy must be a mapping of proxy settings");
  }

  private static void assertProblem(String proxyLine, String message) {
    assertThatThrownBy(() -> TestPods.config(proxyLine))
        .isInstanceOf(InjectionConfigException.class)
        .hasMessageStartingWith(message);
  }
}
