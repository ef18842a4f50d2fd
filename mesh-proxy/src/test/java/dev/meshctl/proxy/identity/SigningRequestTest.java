package dev.meshctl.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class SigningRequestTest {

  private static final String NAME =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";

  @Test
  void keyPair_isEcdsaP256() {
    KeyPair pair = SigningRequest.newKeyPair();

    assertThat(pair.getPublic()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(SigningRequest.newKeyPair().getPublic()).isNotEqualTo(pair.getPublic());
  }

  @Test
  void csr_asksForExactlyTheDnsName_signedWithTheKey() throws Exception {
    KeyPair pair = SigningRequest.newKeyPair();

    JcaPKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequest(SigningRequest.create(NAME, pair));

    assertThat(csr.getPublicKey()).isEqualTo(pair.getPublic());
    assertThat(
            csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pair.getPublic())))
        .isTrue();
    assertThat(csr.getSubject()).isEqualTo(new X500Name("CN=" + NAME));
    Attribute[] requested = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    assertThat(requested).hasSize(1);
    GeneralNames names =
        GeneralNames.fromExtensions(
            Extensions.getInstance(requested[0].getAttrValues().getObjectAt(0)),
            Extension.subjectAlternativeName);
    assertThat(names.getNames()).containsExactly(new GeneralName(GeneralName.dNSName, NAME));
  }

  @Test
  void nameTooLongForACommonName_goesWithoutOne() throws Exception {
    String longName = "a".repeat(60) + ".demo.serviceaccount.identity.meshctl-system.cluster.local";

    JcaPKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequest(
            SigningRequest.create(longName, SigningRequest.newKeyPair()));

    assertThat(csr.getSubject().getRDNs()).isEmpty();
  }
}
