package dev.meshctl.identity.ca;

import dev.meshctl.api.IdentityName;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Signs a workload's leaf certificate with the issuer: subject {@code CN=<identity>} (empty when
 * the name is longer than a CN may be), SANs {@code DNS:<identity>} and {@code
 * URI:spiffe://<trust-domain>/ns/<ns>/sa/<sa>}, usable for TLS client and server authentication,
 * never as a CA. A leaf lives {@link #DEFAULT_LIFETIME} unless told otherwise, starts {@link
 * #BACKDATE} in the past for peers whose clock lags, and never outlives its issuer.
 */
public final class LeafSigner {

  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

  public static final Duration BACKDATE = Duration.ofSeconds(20);

  /** X.520's upper bound for a common name (ub-common-name). */
  static final int MAX_COMMON_NAME = 64;

  private final Issuer issuer;
  private final Duration lifetime;
  private final Clock clock;

  public LeafSigner(Issuer issuer, Duration lifetime, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("leaf lifetime must be positive, not " + lifetime);
    }
  }

  public Issuer issuer() {
    return issuer;
  }

  /**
   * A leaf for {@code identity} holding {@code key}. The key must have been checked already (see
   * {@link CsrValidator}).
   *
   * @throws CertificationRefusedException with {@link RefusalReason#ISSUER_EXPIRED} once the issuer
   *     has expired
   */
  public IssuedCertificate sign(IdentityName identity, PublicKey key)
      throws CertificationRefusedException {
    Instant now = clock.instant();
    Instant issuerExpiry = issuer.expiry();
    if (!now.isBefore(issuerExpiry)) {
      throw new CertificationRefusedException(
          RefusalReason.ISSUER_EXPIRED,
          "the CA's issuer certificate expired at " + issuerExpiry + "; it must be rotated");
    }
    Instant notAfter = now.plus(lifetime);
    if (notAfter.isAfter(issuerExpiry)) {
      notAfter = issuerExpiry;
    }
    X509Certificate issuerCertificate = issuer.certificate();
    // X.520 bounds a CN at 64 characters; a longer name goes in the SAN alone, which RFC 5280
    // section 4.2.1.6 then requires to be critical.
    boolean nameFitsCn = identity.dnsName().length() <= MAX_COMMON_NAME;
    X500NameBuilder subjectBuilder = new X500NameBuilder(BCStyle.INSTANCE);
    if (nameFitsCn) {
      subjectBuilder.addRDN(BCStyle.CN, identity.dnsName());
    }
    X500Name subject = subjectBuilder.build();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder leaf =
          new JcaX509v3CertificateBuilder(
                  issuerCertificate,
                  X509.randomSerial(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  subject,
                  key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(
                  Extension.subjectAlternativeName,
                  !nameFitsCn,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, identity.dnsName()),
                        new GeneralName(GeneralName.uniformResourceIdentifier, identity.spiffeUri())
                      }))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(issuerCertificate));
      X509Certificate certificate = X509.sign(leaf, issuer.key());
      return new IssuedCertificate(
          certificate, issuer.chain(), certificate.getNotAfter().toInstant());
    } catch (CertIOException | NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot build the leaf certificate of " + identity, e);
    }
  }
}
