package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import java.security.KeyPair;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CsrValidatorTest {

  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");

  @Test
  void acceptsAP256Csr_forTheIdentity_andReturnsItsKey() throws Exception {
    KeyPair keys = Csrs.p256();

    assertThat(CsrValidator.validate(Csrs.forDnsName(keys, WEB.dnsName()), WEB))
        .isEqualTo(keys.getPublic());
  }

  @Test
  void acceptsTheSpiffeUri_andTheNameAsCommonName() throws Exception {
    KeyPair keys = Csrs.p256();
    byte[] both =
        Csrs.csr(
            keys,
            "CN=" + WEB.dnsName(),
            List.of(
                new GeneralName(GeneralName.dNSName, WEB.dnsName()),
                new GeneralName(GeneralName.uniformResourceIdentifier, WEB.spiffeUri())));
    byte[] cnOnly = Csrs.csr(keys, "CN=" + WEB.dnsName(), List.of());

    assertThat(CsrValidator.validate(both, WEB)).isEqualTo(keys.getPublic());
    assertThat(CsrValidator.validate(cnOnly, WEB)).isEqualTo(keys.getPublic());
  }

  @Test
  void garbage_isABadCsr() {
    refused(() -> CsrValidator.validate(new byte[] {0x30, 0x03, 0x01, 0x02, 0x03}, WEB))
        .matches(e -> ((CertificationRefusedException) e).reason() == RefusalReason.BAD_CSR)
        .hasMessage("the CSR is not a DER-encoded PKCS#10 request");
    refused(() -> CsrValidator.validate(new byte[0], WEB))
        .hasMessage("no certificate signing request was sent");
  }

  @Test
  void rsaKey_isTheWrongKeyType() throws Exception {
    byte[] csr = Csrs.forDnsName(Csrs.rsa(), WEB.dnsName());

    assertReason(() -> CsrValidator.validate(csr, WEB), RefusalReason.WRONG_KEY_TYPE)
        .hasMessageContaining("the CSR's key is RSA")
        .hasMessageContaining("ECDSA P-256 keys only");
  }

  @Test
  void ecKeyOnAnotherCurve_isTheWrongKeyType() throws Exception {
    byte[] csr = Csrs.forDnsName(Csrs.ec("secp384r1"), WEB.dnsName());

    assertReason(() -> CsrValidator.validate(csr, WEB), RefusalReason.WRONG_KEY_TYPE)
        .hasMessageContaining("another curve");
  }

  @Test
  void alteredCsr_failsItsSignature() throws Exception {
    byte[] csr = Csrs.forDnsName(Csrs.p256(), WEB.dnsName());
    // The last byte belongs to the signature's S integer.
    csr[csr.length - 1] ^= 0x01;

    assertReason(() -> CsrValidator.validate(csr, WEB), RefusalReason.BAD_CSR)
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void anotherDnsName_isANameMismatch() throws Exception {
    String other = "db.demo.serviceaccount.identity.meshctl-system.cluster.local";
    byte[] csr = Csrs.forDnsName(Csrs.p256(), other);

    assertReason(() -> CsrValidator.validate(csr, WEB), RefusalReason.NAME_MISMATCH)
        .hasMessageContaining("asks for the name DNS:" + other)
        .hasMessageContaining("it may only ask for DNS:" + WEB.dnsName());
  }

  @Test
  void anExtraNameBesideTheIdentity_isANameMismatch() throws Exception {
    byte[] extraDns =
        Csrs.csr(
            Csrs.p256(),
            "",
            List.of(
                new GeneralName(GeneralName.dNSName, WEB.dnsName()),
                new GeneralName(GeneralName.dNSName, "admin.example.com")));
    byte[] ip =
        Csrs.csr(
            Csrs.p256(),
            "",
            List.of(
                new GeneralName(GeneralName.dNSName, WEB.dnsName()),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1")));
    byte[] otherSpiffe =
        Csrs.csr(
            Csrs.p256(),
            "",
            List.of(
                new GeneralName(GeneralName.dNSName, WEB.dnsName()),
                new GeneralName(
                    GeneralName.uniformResourceIdentifier,
                    "spiffe://cluster.local/ns/kube-system/sa/admin")));

    assertReason(() -> CsrValidator.validate(extraDns, WEB), RefusalReason.NAME_MISMATCH)
        .hasMessageContaining("DNS:admin.example.com");
    assertReason(() -> CsrValidator.validate(ip, WEB), RefusalReason.NAME_MISMATCH)
        .hasMessageContaining("the name IP");
    assertReason(() -> CsrValidator.validate(otherSpiffe, WEB), RefusalReason.NAME_MISMATCH)
        .hasMessageContaining("URI:spiffe://cluster.local/ns/kube-system/sa/admin");
  }

  @Test
  void anotherCommonName_isANameMismatch() throws Exception {
    byte[] csr =
        Csrs.csr(
            Csrs.p256(),
            "CN=root.cluster.local",
            List.of(new GeneralName(GeneralName.dNSName, WEB.dnsName())));

    assertReason(() -> CsrValidator.validate(csr, WEB), RefusalReason.NAME_MISMATCH)
        .hasMessageContaining("subject CN is 'root.cluster.local'");
  }

  @Test
  void noNameAtAll_isANameMismatch() throws Exception {
    byte[] csr = Csrs.csr(Csrs.p256(), "", List.of());

    assertReason(() -> CsrValidator.validate(csr, WEB), RefusalReason.NAME_MISMATCH)
        .hasMessageContaining("does not ask for DNS:" + WEB.dnsName());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(Executable call) {
    return assertThatThrownBy(call::execute).isInstanceOf(CertificationRefusedException.class);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertReason(
      Executable call, RefusalReason reason) {
    return refused(call)
        .satisfies(e -> assertThat(((CertificationRefusedException) e).reason()).isEqualTo(reason));
  }
}
