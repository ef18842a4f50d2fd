package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class CaGeneratorTest {

  private final MutableClock clock = MutableClock.now();
  private final GeneratedCa ca = new CaGenerator(clock).generate("cluster.local", "meshctl-system");

  @Test
  void anchor_isASelfSignedP256Root_forTenYears() throws Exception {
    X509Certificate anchor = ca.trustAnchor();

    assertThat(anchor.getSubjectX500Principal().getName()).isEqualTo("CN=root.cluster.local");
    assertThat(anchor.getIssuerX500Principal()).isEqualTo(anchor.getSubjectX500Principal());
    anchor.verify(anchor.getPublicKey());
    assertThat(anchor.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(
            ((ECPublicKey) anchor.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(anchor.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(anchor.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertKeyCertSignAndCrlSignOnly(anchor);
    assertThat(anchor.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofDays(3650)).truncatedTo(ChronoUnit.SECONDS));
    assertThat(anchor.getNotBefore().toInstant()).isBefore(clock.instant());
  }

  @Test
  void issuer_isSignedByTheAnchor_withPathLengthZero_forOneYear() throws Exception {
    X509Certificate issuer = ca.issuerCertificate();

    assertThat(issuer.getSubjectX500Principal().getName())
        .isEqualTo("CN=identity.meshctl-system.cluster.local");
    assertThat(issuer.getIssuerX500Principal())
        .isEqualTo(ca.trustAnchor().getSubjectX500Principal());
    issuer.verify(ca.trustAnchor().getPublicKey());
    assertThat(issuer.getBasicConstraints()).isZero();
    assertKeyCertSignAndCrlSignOnly(issuer);
    assertThat(Duration.between(clock.instant(), issuer.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(365).minusSeconds(1), Duration.ofDays(365));
    assertThat(issuer.getSerialNumber()).isNotEqualTo(ca.trustAnchor().getSerialNumber());
  }

  @Test
  void issuer_neverOutlivesTheAnchor() {
    GeneratedCa shortRoot =
        new CaGenerator(clock)
            .generate("cluster.local", "mesh", Duration.ofDays(30), Duration.ofDays(365));

    assertThat(shortRoot.issuerCertificate().getNotAfter())
        .isEqualTo(shortRoot.trustAnchor().getNotAfter());
  }

  @Test
  void generatedIssuer_isUsable_andTheTokenKeyIsNotTheIssuerKey() {
    Issuer issuer = ca.issuer(clock.instant());

    assertThat(issuer.trustAnchor()).isEqualTo(ca.trustAnchor());
    assertThat(issuer.chain()).containsExactly(ca.issuerCertificate());
    assertThat(ca.tokenSigningKeys().getPublic())
        .isNotEqualTo(ca.issuerCertificate().getPublicKey());
    assertThat(ca.toString()).doesNotContain("PRIVATE").contains("CN=root.cluster.local");
  }

  @Test
  void rejectsNamesAnIdentityCouldNotCarry() {
    CaGenerator generator = new CaGenerator(clock);

    assertThatThrownBy(() -> generator.generate("Cluster.Local", "meshctl-system"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trust domain 'Cluster.Local'");
    assertThatThrownBy(() -> generator.generate("cluster.local", "mesh_system"))
        .hasMessageContaining("control-plane namespace 'mesh_system'");
    assertThatThrownBy(
            () -> generator.generate("cluster.local", "mesh", Duration.ZERO, Duration.ofDays(1)))
        .hasMessageContaining("anchor lifetime must be positive");
  }

  private static void assertKeyCertSignAndCrlSignOnly(X509Certificate certificate) {
    boolean[] usage = certificate.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
  }
}
