package dev.meshctl.identity.ca;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The certificates every certificate of the mesh must chain to. Usually one; during an anchor
 * rotation the bundle holds the old and the new one, and an issuer signed by either is accepted.
 */
public final class TrustAnchors {

  private final List<X509Certificate> certificates;

  private TrustAnchors(List<X509Certificate> certificates) {
    this.certificates = certificates;
  }

  /** The given anchors; each must be a CA certificate. */
  public static TrustAnchors of(List<X509Certificate> certificates) {
    String problem = problemWith(certificates);
    if (problem != null) {
      throw new IllegalArgumentException("trust anchors: " + problem);
    }
    return new TrustAnchors(List.copyOf(certificates));
  }

  /** The anchors of a PEM bundle: one or more {@code CERTIFICATE} blocks. */
  public static TrustAnchors read(Path bundle) throws CaFileException {
    List<X509Certificate> certificates = PemFiles.readCertificates(Issuer.ANCHORS_ROLE, bundle);
    String problem = problemWith(certificates);
    if (problem != null) {
      throw new CaFileException(Issuer.ANCHORS_ROLE, bundle, problem);
    }
    return new TrustAnchors(certificates);
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  /** The anchor that signed {@code certificate}, if one did. */
  public Optional<X509Certificate> signerOf(X509Certificate certificate) {
    for (X509Certificate anchor : certificates) {
      if (signed(anchor, certificate)) {
        return Optional.of(anchor);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code signer}'s name is {@code certificate}'s issuer and its key made the signature.
   */
  static boolean signed(X509Certificate signer, X509Certificate certificate) {
    if (!certificate.getIssuerX500Principal().equals(signer.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(signer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static String problemWith(List<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      return "holds no certificate";
    }
    for (int i = 0; i < certificates.size(); i++) {
      X509Certificate anchor = certificates.get(i);
      if (anchor.getBasicConstraints() < 0) {
        return "certificate "
            + (i + 1)
            + " ("
            + anchor.getSubjectX500Principal().getName()
            + ") is not a CA certificate";
      }
    }
    return null;
  }
}
