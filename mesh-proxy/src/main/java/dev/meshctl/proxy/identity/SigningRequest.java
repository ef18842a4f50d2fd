package dev.meshctl.proxy.identity;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The proxy's key pair and the PKCS#10 certificate signing request (RFC 2986) it sends to the
 * identity service: ECDSA P-256, signed with SHA-256, asking for exactly one subject alternative
 * name, the proxy's DNS identity name.
 */
final class SigningRequest {

  /** X.520's upper bound for a common name; longer identity names go without one. */
  private static final int MAX_COMMON_NAME = 64;

  private SigningRequest() {}

  /** A new ECDSA P-256 key pair, made with the JDK's provider; it never leaves the process. */
  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java platform cannot make ECDSA P-256 keys", e);
    }
  }

  /**
   * The DER of a CSR for {@code dnsName} with the key pair: the subjectAltName extension request
   * holds the DNS name alone, and the subject is {@code CN=<dnsName>} when the name fits a CN.
   */
  static byte[] create(String dnsName, KeyPair keyPair) {
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    if (dnsName.length() <= MAX_COMMON_NAME) {
      subject.addRDN(BCStyle.CN, dnsName);
    }
    X500Name name = subject.build();
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
      return new JcaPKCS10CertificationRequestBuilder(name, keyPair.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(signer)
          .getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build the certificate signing request", e);
    }
  }
}
