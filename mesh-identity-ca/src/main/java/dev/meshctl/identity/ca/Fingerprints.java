package dev.meshctl.identity.ca;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate fingerprints as people compare them: SHA-256 of the DER, colon-separated hex. */
public final class Fingerprints {

  private Fingerprints() {}

  /** E.g. {@code 3A:0F:...:C1} (32 bytes), as {@code openssl x509 -fingerprint -sha256} prints. */
  public static String sha256(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint the certificate", e);
    }
  }
}
