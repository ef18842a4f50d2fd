package dev.meshctl.cli;

import dev.meshctl.identity.ca.PemFiles;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The injector webhook's TLS: a CA of its own (the API server trusts it through the webhook
 * configuration's caBundle, not the mesh's trust anchor) and a serving certificate for the
 * injector's Service names. Both ECDSA P-256.
 *
 * @param certificatePem the serving certificate
 * @param keyPem its private key (PKCS#8)
 * @param caPem the CA that signed it
 */
record InjectorCertificates(String certificatePem, String keyPem, String caPem) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Both live {@code lifetime} from five minutes ago, for API servers whose clock lags. */
  static InjectorCertificates generate(Clock clock, String namespace, Duration lifetime) {
    try {
      Instant now = clock.instant();
      Date notBefore = Date.from(now.minus(Duration.ofMinutes(5)));
      Date notAfter = Date.from(now.plus(lifetime));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

      KeyPair caKeys = p256();
      X500Name caName = new X500Name("CN=meshctl-injector-ca." + namespace);
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
                  caName, serial(), notBefore, notAfter, caName, caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCertificate = sign(ca, caKeys.getPrivate());

      KeyPair keys = p256();
      String service = ClusterNames.INJECTOR_SERVICE + "." + namespace + ".svc";
      X509v3CertificateBuilder serving =
          new JcaX509v3CertificateBuilder(
                  caCertificate,
                  serial(),
                  notBefore,
                  notAfter,
                  new X500Name("CN=" + service),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, service),
                        new GeneralName(GeneralName.dNSName, service + ".cluster.local"),
                        new GeneralName(
                            GeneralName.dNSName, ClusterNames.INJECTOR_SERVICE + "." + namespace)
                      }))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(caCertificate));
      X509Certificate servingCertificate = sign(serving, caKeys.getPrivate());
      return new InjectorCertificates(
          PemFiles.certificatesToPem(List.of(servingCertificate)),
          PemFiles.privateKeyToPem(keys.getPrivate()),
          PemFiles.certificatesToPem(List.of(caCertificate)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make the injector's certificates", e);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the injector's certificates", e);
    }
  }

  private static KeyPair p256() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  /** Keeps the key out of logs and assertion messages. */
  @Override
  public String toString() {
    return "InjectorCertificates[...]";
  }
}
