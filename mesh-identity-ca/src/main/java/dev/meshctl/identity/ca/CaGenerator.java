package dev.meshctl.identity.ca;

import dev.meshctl.api.IdentityName;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Makes a new mesh CA: a self-signed trust anchor {@code CN=root.<trust-domain>} and an issuer
 * {@code CN=identity.<control-plane-ns>.<trust-domain>} signed by it (path length 0: it signs
 * leaves only), both ECDSA P-256 with SHA-256, plus a token-signing key pair for local mode.
 */
public final class CaGenerator {

  public static final Duration DEFAULT_ANCHOR_LIFETIME = Duration.ofDays(3650);
  public static final Duration DEFAULT_ISSUER_LIFETIME = Duration.ofDays(365);

  /** CA certificates start a little in the past, so that a peer whose clock lags accepts them. */
  static final Duration CA_BACKDATE = Duration.ofMinutes(5);

  private final Clock clock;

  public CaGenerator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A CA with the default lifetimes: 10 years for the anchor, 1 year for the issuer. */
  public GeneratedCa generate(String trustDomain, String controlPlaneNamespace) {
    return generate(
        trustDomain, controlPlaneNamespace, DEFAULT_ANCHOR_LIFETIME, DEFAULT_ISSUER_LIFETIME);
  }

  /**
   * A CA whose anchor and issuer live as long as given; the issuer never outlives the anchor.
   *
   * @throws IllegalArgumentException for a trust domain or namespace an identity name cannot hold,
   *     or a lifetime that is not positive
   */
  public GeneratedCa generate(
      String trustDomain,
      String controlPlaneNamespace,
      Duration anchorLifetime,
      Duration issuerLifetime) {
    IdentityName.requireMesh(controlPlaneNamespace, trustDomain);
    requirePositive("anchor lifetime", anchorLifetime);
    requirePositive("issuer lifetime", issuerLifetime);

    Instant now = clock.instant();
    Instant notBefore = now.minus(CA_BACKDATE);
    Instant anchorNotAfter = now.plus(anchorLifetime);
    Instant issuerNotAfter = min(now.plus(issuerLifetime), anchorNotAfter);

    KeyPair anchorKeys = Keys.generateP256();
    X500Name anchorName = new X500Name("CN=root." + trustDomain);
    X509v3CertificateBuilder anchor =
        new JcaX509v3CertificateBuilder(
            anchorName,
            X509.randomSerial(),
            Date.from(notBefore),
            Date.from(anchorNotAfter),
            anchorName,
            anchorKeys.getPublic());
    X509Certificate anchorCertificate;
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      anchor
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(anchorKeys.getPublic()));
      anchorCertificate = X509.sign(anchor, anchorKeys.getPrivate());

      KeyPair issuerKeys = Keys.generateP256();
      X509v3CertificateBuilder issuer =
          new JcaX509v3CertificateBuilder(
                  anchorCertificate,
                  X509.randomSerial(),
                  Date.from(notBefore),
                  Date.from(issuerNotAfter),
                  new X500Name("CN=identity." + controlPlaneNamespace + "." + trustDomain),
                  issuerKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(issuerKeys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(anchorCertificate));
      X509Certificate issuerCertificate = X509.sign(issuer, anchorKeys.getPrivate());
      return new GeneratedCa(
          anchorCertificate, issuerCertificate, issuerKeys.getPrivate(), Keys.generateP256());
    } catch (CertIOException | NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot build the CA certificates", e);
    }
  }

  private static void requirePositive(String what, Duration lifetime) {
    Objects.requireNonNull(lifetime, what);
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + lifetime);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
