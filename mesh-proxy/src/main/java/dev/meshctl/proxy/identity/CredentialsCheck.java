package dev.meshctl.proxy.identity;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks that a certificate chain and a key make credentials a peer would accept for the proxy's
 * identity, whichever source they come from: the key is the leaf's, the leaf names exactly the
 * local identity and has not expired, and the chain leads to one of the trust anchors. Problems are
 * said in words for an operator, without naming the file (the caller knows it).
 */
final class CredentialsCheck {

  /** The {@code dNSName} type of a subject alternative name (RFC 5280 section 4.2.1.6). */
  private static final int DNS_NAME = 2;

  private CredentialsCheck() {}

  /** A chain that is not usable; the message says why. */
  static final class InvalidChainException extends Exception {
    InvalidChainException(String message) {
      super(message);
    }
  }

  /**
   * Checks the chain and returns it without a trailing trust anchor, as {@link TlsCredentials}
   * holds it (some tools write the root into the chain file too).
   *
   * @param chain the leaf first, then each certificate's issuer
   * @param anchorsOrigin where {@code anchors} were read (a file, a variable), for messages
   * @throws InvalidChainException saying what is wrong
   */
  static List<X509Certificate> verifiedChain(
      String localName,
      List<X509Certificate> chain,
      List<X509Certificate> anchors,
      String anchorsOrigin,
      Instant now)
      throws InvalidChainException {
    X509Certificate leaf = chain.get(0);
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new InvalidChainException(
          "the certificate expired at " + leaf.getNotAfter().toInstant());
    }
    List<String> names = dnsNames(leaf);
    if (names.size() != 1 || !names.get(0).equalsIgnoreCase(localName)) {
      throw new InvalidChainException(
          "the certificate is for "
              + (names.isEmpty() ? "no DNS name" : "DNS name(s) " + String.join(", ", names))
              + ", but the proxy's identity (MESH_PROXY_IDENTITY_LOCAL_NAME) is "
              + localName
              + "; its only DNS name must be that");
    }
    List<X509Certificate> issued = new ArrayList<>(chain);
    X509Certificate last = issued.get(issued.size() - 1);
    if (issued.size() > 1 && anchors.contains(last)) {
      issued.remove(issued.size() - 1);
      last = issued.get(issued.size() - 1);
    }
    for (int i = 1; i < issued.size(); i++) {
      X509Certificate certificate = issued.get(i);
      String which = "certificate " + (i + 1) + " of the chain (" + subject(certificate) + ")";
      if (!signed(certificate, issued.get(i - 1))) {
        throw new InvalidChainException(which + " did not issue certificate " + i);
      }
      if (certificate.getBasicConstraints() < 0) {
        throw new InvalidChainException(which + " is not a CA certificate");
      }
      if (now.isAfter(certificate.getNotAfter().toInstant())) {
        throw new InvalidChainException(
            which + " expired at " + certificate.getNotAfter().toInstant());
      }
    }
    X509Certificate top = last;
    Optional<X509Certificate> anchor = anchors.stream().filter(a -> signed(a, top)).findFirst();
    if (anchor.isEmpty()) {
      throw new InvalidChainException(
          "the chain does not lead to any of the "
              + anchors.size()
              + " trust anchor(s) in "
              + anchorsOrigin
              + ": its last certificate, issued by "
              + top.getIssuerX500Principal().getName()
              + ", is signed by none of them");
    }
    if (now.isAfter(anchor.get().getNotAfter().toInstant())) {
      throw new InvalidChainException(
          "the chain leads to the trust anchor "
              + subject(anchor.get())
              + ", which expired at "
              + anchor.get().getNotAfter().toInstant());
    }
    return List.copyOf(issued);
  }

  /** Why {@code key} is not the private key of {@code leaf}'s public key, or empty when it is. */
  static Optional<String> keyMismatch(PrivateKey key, X509Certificate leaf) {
    PublicKey publicKey = leaf.getPublicKey();
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return Optional.of(
          "the key is "
              + key.getAlgorithm()
              + " but the certificate's is "
              + publicKey.getAlgorithm()
              + ": they do not match");
    }
    // Sign a nonce with the private key and verify it with the certificate's public key.
    String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      byte[] nonce = new byte[32];
      new SecureRandom().nextBytes(nonce);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(nonce);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(nonce);
      if (verifier.verify(signature)) {
        return Optional.empty();
      }
    } catch (GeneralSecurityException e) {
      return Optional.of("the key cannot sign with the certificate's algorithm (" + e + ")");
    }
    return Optional.of("the key is not the certificate's (they do not match)");
  }

  /** The certificate's DNS subject alternative names, in order. */
  static List<String> dnsNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return List.of();
      }
      return names.stream()
          .filter(name -> name.size() >= 2 && Integer.valueOf(DNS_NAME).equals(name.get(0)))
          .map(name -> name.get(1).toString().toLowerCase(Locale.ROOT))
          .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /**
   * Whether {@code issuer}'s key signed {@code certificate} and its subject is the issuer named.
   */
  private static boolean signed(X509Certificate issuer, X509Certificate certificate) {
    if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      return false;
    }
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }
}
