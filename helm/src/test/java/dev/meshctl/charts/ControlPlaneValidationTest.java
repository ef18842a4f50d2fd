package dev.meshctl.charts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the chart refuses, and the sentence it refuses it with. */
class ControlPlaneValidationTest {

  private Map<String, Object> values;

  @BeforeEach
  void pems() {
    values = TestPems.generate().values();
  }

  @ParameterizedTest
  @CsvSource({
    "identityTrustAnchorsPEM, the mesh's trust anchors",
    "identity.issuer.tls.crtPEM, the identity issuer's certificate",
    "identity.issuer.tls.keyPEM, the private key (PEM) of the identity issuer's certificate",
    "controller.tapClientTLS.crtPEM, the controller's tap client certificate",
    "controller.tapClientTLS.keyPEM, the private key (PEM) of the controller's tap client",
    "injector.tls.crtPEM, the webhook's serving certificate for meshctl-injector.meshctl-system.svc",
    "injector.tls.keyPEM, the private key (PEM) of the webhook's serving certificate",
    "injector.caBundlePEM, the CA certificate (PEM) that signed injector.tls.crtPEM",
  })
  void missingPem_isRefusedNamingItAndWhereItComesFrom(String value, String what) {
    Values.remove(values, value);

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessageStartingWith(value + " is required: " + what)
        .hasMessageContaining("`meshctl install` generates it; with helm, pass it")
        .hasMessageContaining("--set-file " + value + "=FILE");
  }

  @Test
  void emptyPem_isMissingToo() {
    Values.set(values, "injector.caBundlePEM", "");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessageStartingWith("injector.caBundlePEM is required");
  }

  @Test
  void pemThatIsNotPem_isRefused() {
    Values.set(values, "identityTrustAnchorsPEM", "/etc/meshctl/ca.crt");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessageStartingWith("identityTrustAnchorsPEM must be PEM (-----BEGIN ...-----)");
  }

  @Test
  void badFailurePolicy_isRefused() {
    Values.set(values, "injector.failurePolicy", "ignore");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessage("injector.failurePolicy must be Ignore or Fail, not \"ignore\"");
  }

  @Test
  void badNativeSidecar_isRefused() {
    Values.set(values, "proxy.nativeSidecar", "yes");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessage("proxy.nativeSidecar must be auto, enabled or disabled, not \"yes\"");
  }

  @ParameterizedTest
  @CsvSource({"0", "-1", "1.5", "two"})
  void badReplicas_isRefused(String replicas) {
    Object value = replicas.matches("-?\\d+") ? Integer.parseInt(replicas) : replicas;
    if (replicas.equals("1.5")) {
      value = 1.5;
    }
    Values.set(values, "web.replicas", value);

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessage("web.replicas must be a whole number of at least 1, not " + replicas);
  }

  @Test
  void badPullPolicy_isRefused() {
    Values.set(values, "image.pullPolicy", "Sometimes");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessage("image.pullPolicy must be Always, IfNotPresent or Never, not \"Sometimes\"");
  }

  @Test
  void badTrustDomain_isRefused() {
    Values.set(values, "identityTrustDomain", "Cluster_Local");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessage(
            "identityTrustDomain must be a DNS name such as cluster.local, not \"Cluster_Local\"");
  }

  @Test
  void existingSecretAndPems_areRefusedTogether() {
    Values.set(values, "identity.issuer.existingSecret", "issuer");

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessageStartingWith("identity.issuer.existingSecret and identity.issuer.tls.crtPEM");
  }

  @Test
  void timeoutOutOfRange_isRefused() {
    Values.set(values, "injector.timeoutSeconds", 31);

    assertThatThrownBy(() -> ControlPlane.render(values))
        .isInstanceOf(ChartException.class)
        .hasMessage("injector.timeoutSeconds must be between 1 and 30, not 31");
  }
}
