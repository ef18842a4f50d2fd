package dev.meshctl.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Certificates read from PEM text, as ConfigMaps, Secrets and webhook caBundles carry them. */
final class PemCertificates {

  private PemCertificates() {}

  /**
   * Every certificate in {@code pem}, in order.
   *
   * @throws IllegalArgumentException when the text holds none or one that cannot be decoded
   */
  static List<X509Certificate> parse(String pem) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("it holds no PEM certificate");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate :
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        certificates.add((X509Certificate) certificate);
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("it holds a certificate that cannot be decoded", e);
    }
  }

  /** The text of a Secret's {@code data} value (base64), or null when absent or not base64. */
  static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code signer}'s key made {@code certificate}'s signature. */
  static boolean signedBy(X509Certificate certificate, X509Certificate signer) {
    if (!certificate.getIssuerX500Principal().equals(signer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(signer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
