package dev.meshctl.identity.ca;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A freshly made CA: the trust anchor (its key is not kept: it signed the issuer and is gone), the
 * issuer with its key, and the key pair that signs and verifies local-mode bootstrap tokens. {@link
 * CaDirectory#write} puts it into files.
 */
public record GeneratedCa(
    X509Certificate trustAnchor,
    X509Certificate issuerCertificate,
    PrivateKey issuerKey,
    KeyPair tokenSigningKeys) {

  public GeneratedCa {
    Objects.requireNonNull(trustAnchor, "trustAnchor");
    Objects.requireNonNull(issuerCertificate, "issuerCertificate");
    Objects.requireNonNull(issuerKey, "issuerKey");
    Objects.requireNonNull(tokenSigningKeys, "tokenSigningKeys");
  }

  public TrustAnchors trustAnchors() {
    return TrustAnchors.of(List.of(trustAnchor));
  }

  /** The issuer, ready to sign leaves. */
  public Issuer issuer(Instant now) {
    return Issuer.of(List.of(issuerCertificate), issuerKey, trustAnchors(), now);
  }

  /** Keeps keys out of logs and assertion messages. */
  @Override
  public String toString() {
    return "GeneratedCa[trustAnchor="
        + trustAnchor.getSubjectX500Principal().getName()
        + ", issuer="
        + issuerCertificate.getSubjectX500Principal().getName()
        + "]";
  }
}
