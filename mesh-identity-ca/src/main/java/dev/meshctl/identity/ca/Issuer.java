package dev.meshctl.identity.ca;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The intermediate CA that signs the mesh's leaf certificates: its certificate (and any further
 * intermediates up to, not including, a trust anchor) with its private key. Loading checks that the
 * key matches, that the certificate is a CA, is valid now, and chains to one of the anchors.
 */
public final class Issuer {

  static final String ANCHORS_ROLE = "trust anchors";
  static final String CERTIFICATE_ROLE = "issuer certificate";
  static final String KEY_ROLE = "issuer key";

  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final X509Certificate trustAnchor;

  private Issuer(List<X509Certificate> chain, PrivateKey key, X509Certificate trustAnchor) {
    this.chain = chain;
    this.key = key;
    this.trustAnchor = trustAnchor;
  }

  /**
   * Reads the issuer from PEM files: {@code certificateFile} holds the issuer certificate first,
   * then any further intermediates; {@code keyFile} its private key.
   *
   * @throws CaFileException naming the file at fault and why
   */
  public static Issuer load(Path certificateFile, Path keyFile, TrustAnchors anchors, Instant now)
      throws CaFileException {
    List<X509Certificate> chain = PemFiles.readCertificates(CERTIFICATE_ROLE, certificateFile);
    PrivateKey key = PemFiles.readPrivateKey(KEY_ROLE, keyFile);
    Optional<String> keyProblem = keyProblem(chain.get(0), key);
    if (keyProblem.isPresent()) {
      throw new CaFileException(
          KEY_ROLE, keyFile, keyProblem.get() + " (certificate: " + certificateFile + ")");
    }
    Checked checked = checkChain(chain, anchors, now);
    if (checked.problem != null) {
      throw new CaFileException(CERTIFICATE_ROLE, certificateFile, checked.problem);
    }
    return new Issuer(chain, key, checked.anchor);
  }

  /**
   * An issuer from memory, checked as {@link #load} does; an {@link IllegalArgumentException} says
   * what is wrong.
   */
  public static Issuer of(
      List<X509Certificate> chain, PrivateKey key, TrustAnchors anchors, Instant now) {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(CERTIFICATE_ROLE + ": the chain is empty");
    }
    Optional<String> keyProblem = keyProblem(chain.get(0), key);
    if (keyProblem.isPresent()) {
      throw new IllegalArgumentException(KEY_ROLE + ": " + keyProblem.get());
    }
    Checked checked = checkChain(chain, anchors, now);
    if (checked.problem != null) {
      throw new IllegalArgumentException(CERTIFICATE_ROLE + ": " + checked.problem);
    }
    return new Issuer(chain, key, checked.anchor);
  }

  /** The issuer's own certificate: the one that signs leaves. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The issuer certificate then any further intermediates, up to (not including) the anchor. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The anchor the chain leads to. */
  public X509Certificate trustAnchor() {
    return trustAnchor;
  }

  /** When the issuer certificate expires; no leaf it signs is valid past this. */
  public Instant expiry() {
    return certificate().getNotAfter().toInstant();
  }

  PrivateKey key() {
    return key;
  }

  private record Checked(X509Certificate anchor, String problem) {}

  private static Checked checkChain(
      List<X509Certificate> chain, TrustAnchors anchors, Instant now) {
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate certificate = chain.get(i);
      String which = i == 0 ? "the issuer certificate" : "intermediate " + (i + 1) + " in the file";
      if (certificate.getBasicConstraints() < 0) {
        return new Checked(
            null, which + " is not a CA certificate (its basicConstraints say CA:false)");
      }
      boolean[] usage = certificate.getKeyUsage();
      if (usage != null && !usage[5]) {
        return new Checked(null, which + " may not sign certificates (keyUsage lacks keyCertSign)");
      }
      if (now.isAfter(certificate.getNotAfter().toInstant())) {
        return new Checked(null, which + " expired at " + certificate.getNotAfter().toInstant());
      }
      if (now.isBefore(certificate.getNotBefore().toInstant())) {
        return new Checked(
            null, which + " is not valid before " + certificate.getNotBefore().toInstant());
      }
      if (i > 0 && !TrustAnchors.signed(certificate, chain.get(i - 1))) {
        return new Checked(
            null, "certificate " + (i + 1) + " in the file did not sign certificate " + i);
      }
    }
    X509Certificate last = chain.get(chain.size() - 1);
    Optional<X509Certificate> anchor = anchors.signerOf(last);
    if (anchor.isEmpty()) {
      return new Checked(
          null,
          "is not signed by any of the "
              + anchors.certificates().size()
              + " trust anchor(s) ("
              + anchors.certificates().stream()
                  .map(a -> a.getSubjectX500Principal().getName())
                  .collect(Collectors.joining("; "))
              + ")");
    }
    if (now.isAfter(anchor.get().getNotAfter().toInstant())) {
      return new Checked(
          null,
          "chains to trust anchor "
              + anchor.get().getSubjectX500Principal().getName()
              + ", which expired at "
              + anchor.get().getNotAfter().toInstant());
    }
    return new Checked(anchor.get(), null);
  }

  private static Optional<String> keyProblem(X509Certificate certificate, PrivateKey key) {
    if (!"EC".equals(key.getAlgorithm())) {
      return Optional.of("is an " + key.getAlgorithm() + " key; the issuer key must be ECDSA");
    }
    if (!"EC".equals(certificate.getPublicKey().getAlgorithm())) {
      return Optional.of(
          "the issuer certificate holds an "
              + certificate.getPublicKey().getAlgorithm()
              + " key; the issuer key must be ECDSA");
    }
    // Sign a nonce with the private key and verify it with the certificate's public key.
    try {
      byte[] nonce = new byte[32];
      new SecureRandom().nextBytes(nonce);
      Signature signer = Signature.getInstance(Keys.SIGNATURE_ALGORITHM);
      signer.initSign(key);
      signer.update(nonce);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(Keys.SIGNATURE_ALGORITHM);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(nonce);
      if (verifier.verify(signature)) {
        return Optional.empty();
      }
    } catch (GeneralSecurityException e) {
      return Optional.of("cannot be used to sign: " + e.getMessage());
    }
    return Optional.of("does not match the issuer certificate");
  }
}
