package dev.meshctl.identity.ca;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signing and serial numbers shared by the CA generator and the leaf signer. */
final class X509 {

  private X509() {}

  /** A random positive 128-bit serial number (RFC 5280 section 4.1.2.2 allows up to 20 octets). */
  static BigInteger randomSerial() {
    byte[] bytes = new byte[16];
    Keys.RANDOM.nextBytes(bytes);
    BigInteger serial = new BigInteger(1, bytes);
    return serial.signum() == 0 ? BigInteger.ONE : serial;
  }

  static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
    try {
      var signer = new JcaContentSignerBuilder(Keys.SIGNATURE_ALGORITHM).build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException(
          "cannot sign a certificate with the " + key.getAlgorithm() + " key", e);
    }
  }
}
