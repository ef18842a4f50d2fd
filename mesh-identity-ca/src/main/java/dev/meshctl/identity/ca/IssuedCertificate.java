package dev.meshctl.identity.ca;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A leaf certificate as the CA hands it out: the leaf, the intermediates from its issuer up to (not
 * including) the trust anchor, and when the leaf expires.
 */
public record IssuedCertificate(
    X509Certificate leaf, List<X509Certificate> intermediates, Instant validUntil) {

  public IssuedCertificate {
    Objects.requireNonNull(leaf, "leaf");
    Objects.requireNonNull(validUntil, "validUntil");
    intermediates = List.copyOf(intermediates);
  }

  public byte[] leafDer() {
    return der(leaf);
  }

  /** The intermediates, DER encoded, the leaf's issuer first. */
  public List<byte[]> intermediatesDer() {
    List<byte[]> encoded = new ArrayList<>(intermediates.size());
    for (X509Certificate certificate : intermediates) {
      encoded.add(der(certificate));
    }
    return encoded;
  }

  private static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a certificate this CA made cannot be encoded", e);
    }
  }
}
