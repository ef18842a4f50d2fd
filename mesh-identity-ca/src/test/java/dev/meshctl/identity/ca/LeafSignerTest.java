package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeafSignerTest {

  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");

  private final MutableClock clock = MutableClock.now();
  private final GeneratedCa ca = new CaGenerator(clock).generate("cluster.local", "meshctl-system");
  private final LeafSigner signer =
      new LeafSigner(ca.issuer(clock.instant()), LeafSigner.DEFAULT_LIFETIME, clock);

  @Test
  void leaf_carriesBothNames_isForTlsClientsAndServers_andIsNoCa() throws Exception {
    KeyPair keys = Csrs.p256();

    X509Certificate leaf = signer.sign(WEB, keys.getPublic()).leaf();

    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + WEB.dnsName());
    assertThat(leaf.getIssuerX500Principal())
        .isEqualTo(ca.issuerCertificate().getSubjectX500Principal());
    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "web.demo.serviceaccount.identity.meshctl-system.cluster.local"),
            List.of(6, "spiffe://cluster.local/ns/demo/sa/web"));
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    boolean[] usage = leaf.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    assertThat(usage[5]).as("keyCertSign").isFalse();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void nameLongerThanACommonName_goesInACriticalSanAlone() throws Exception {
    IdentityName longName =
        new IdentityName(
            "a-rather-long-service-account-name", "payments", "meshctl-system", "cluster.local");
    assertThat(longName.dnsName().length()).isGreaterThan(64);

    X509Certificate leaf = signer.sign(longName, Csrs.p256().getPublic()).leaf();

    assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
    assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
    assertThat(leaf.getSubjectAlternativeNames()).contains(List.of(2, longName.dnsName()));
  }

  @Test
  void leaf_lives24Hours_fromTwentySecondsAgo() throws Exception {
    IssuedCertificate issued = signer.sign(WEB, Csrs.p256().getPublic());
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);

    assertThat(issued.leaf().getNotBefore().toInstant()).isEqualTo(now.minusSeconds(20));
    assertThat(issued.leaf().getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofHours(24)));
    assertThat(issued.validUntil()).isEqualTo(issued.leaf().getNotAfter().toInstant());
  }

  @Test
  void lifetime_isConfigurable_butNeverPastTheIssuer() throws Exception {
    var hourly = new LeafSigner(ca.issuer(clock.instant()), Duration.ofHours(1), clock);
    var tooLong = new LeafSigner(ca.issuer(clock.instant()), Duration.ofDays(400), clock);

    assertThat(hourly.sign(WEB, Csrs.p256().getPublic()).validUntil())
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    assertThat(tooLong.sign(WEB, Csrs.p256().getPublic()).leaf().getNotAfter())
        .isEqualTo(ca.issuerCertificate().getNotAfter());
  }

  @Test
  void serials_arePositive_random_andAtMost128Bits() throws Exception {
    List<BigInteger> serials = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      serials.add(signer.sign(WEB, Csrs.p256().getPublic()).leaf().getSerialNumber());
    }

    assertThat(serials)
        .doesNotHaveDuplicates()
        .allMatch(s -> s.signum() > 0 && s.bitLength() <= 128);
    assertThat(serials).anyMatch(s -> s.bitLength() > 120);
  }

  @Test
  void chain_validatesToTheAnchor_withPkix() throws Exception {
    IssuedCertificate issued = signer.sign(WEB, Csrs.p256().getPublic());
    List<X509Certificate> path = new ArrayList<>();
    path.add(issued.leaf());
    path.addAll(issued.intermediates());

    var parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.trustAnchor(), null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(clock.instant()));
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);

    assertThat(issued.intermediates()).containsExactly(ca.issuerCertificate());
    assertThat(issued.intermediatesDer()).hasSize(1);
    assertThat(
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(issued.leafDer())))
        .isEqualTo(issued.leaf());
  }

  @Test
  void expiredIssuer_refusesToSign() {
    clock.advance(Duration.ofDays(366));

    assertThatThrownBy(() -> signer.sign(WEB, Csrs.p256().getPublic()))
        .isInstanceOf(CertificationRefusedException.class)
        .hasMessageContaining("issuer certificate expired at")
        .satisfies(
            e ->
                assertThat(((CertificationRefusedException) e).reason())
                    .isEqualTo(RefusalReason.ISSUER_EXPIRED));
  }
}
