package dev.meshctl.proxy.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The mesh identity a certificate carries: its first DNS subject alternative name. */
public final class PeerIdentity {

  /** The {@code dNSName} type of a subject alternative name (RFC 5280 section 4.2.1.6). */
  private static final int DNS_NAME = 2;

  private PeerIdentity() {}

  /** The certificate's identity, or empty when it has no DNS name. */
  public static Optional<String> of(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return Optional.empty();
      }
      for (List<?> name : names) {
        if (name.size() >= 2 && Integer.valueOf(DNS_NAME).equals(name.get(0))) {
          return Optional.of(name.get(1).toString());
        }
      }
      return Optional.empty();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
  }
}
