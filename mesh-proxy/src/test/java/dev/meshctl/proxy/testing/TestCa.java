package dev.meshctl.proxy.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway mesh CA for tests, made fresh per test (no key is ever committed): a trust anchor
 * ({@code CN=root.<trust domain>}), an intermediate issuer ({@code CN=identity.<trust domain>}) and
 * leaf certificates for given DNS names, as the identity service issues them (ECDSA P-256, one DNS
 * SAN, server and client auth).
 *
 * <pre>{@code
 * TestCa ca = TestCa.create("cluster.local");
 * TestCa.Leaf web = ca.issue("web.demo.serviceaccount.identity.meshctl-system.cluster.local",
 *     Duration.ofHours(24));
 * TestCa.LeafFiles files = web.writeTo(dir);           // cert.pem (leaf, issuer), key.pem
 * Path anchors = ca.writeAnchors(dir.resolve("ca.pem"));
 * }</pre>
 */
public final class TestCa {

  /** Anchor and issuer validity starts this long before creation, so backdated leaves chain. */
  private static final Duration CA_BACKDATE = Duration.ofDays(1);

  private static final Duration CA_LIFETIME = Duration.ofDays(365);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String trustDomain;
  private final KeyPair anchorKey;
  private final X509Certificate anchor;
  private final KeyPair issuerKey;
  private final X509Certificate issuer;

  private TestCa(String trustDomain) {
    this.trustDomain = trustDomain;
    Instant now = Instant.now();
    Instant from = now.minus(CA_BACKDATE);
    Instant until = now.plus(CA_LIFETIME);
    anchorKey = ecKeyPair();
    X500Name anchorName = new X500Name("CN=root." + trustDomain);
    anchor =
        certificate(
            anchorName, anchorKey.getPublic(), anchorName, anchorKey, null, from, until, true, 1);
    issuerKey = ecKeyPair();
    issuer =
        certificate(
            new X500Name("CN=identity." + trustDomain),
            issuerKey.getPublic(),
            anchorName,
            anchorKey,
            anchor,
            from,
            until,
            true,
            0);
  }

  /** A new anchor and issuer for {@code trustDomain} (e.g. {@code cluster.local}). */
  public static TestCa create(String trustDomain) {
    return new TestCa(trustDomain);
  }

  /** The trust anchor (self-signed root). */
  public X509Certificate anchor() {
    return anchor;
  }

  /** The trust anchors a proxy of this CA is configured with: the one root. */
  public List<X509Certificate> anchors() {
    return List.of(anchor);
  }

  /** The intermediate that signs leaves. */
  public X509Certificate issuer() {
    return issuer;
  }

  /** A leaf with an EC P-256 key for {@code dnsName}, valid from now for {@code lifetime}. */
  public Leaf issue(String dnsName, Duration lifetime) {
    Instant now = Instant.now();
    return issue(dnsName, now, now.plus(lifetime));
  }

  /** A leaf with an EC P-256 key for {@code dnsName}, valid in the given window. */
  public Leaf issue(String dnsName, Instant notBefore, Instant notAfter) {
    KeyPair key = ecKeyPair();
    return new Leaf(sign(key.getPublic(), dnsName, notBefore, notAfter), key.getPrivate());
  }

  /** A leaf with an RSA 2048 key, valid from now for {@code lifetime}. */
  public Leaf issueRsa(String dnsName, Duration lifetime) {
    KeyPair key = keyPair("RSA");
    Instant now = Instant.now();
    return new Leaf(sign(key.getPublic(), dnsName, now, now.plus(lifetime)), key.getPrivate());
  }

  /** A leaf that expired an hour ago (valid for the hour before that). */
  public Leaf issueExpired(String dnsName) {
    Instant now = Instant.now();
    return issue(dnsName, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
  }

  /**
   * A leaf from another CA with the same trust domain (so the same anchor and issuer names) but
   * other keys: it does not chain to this CA's anchor.
   */
  public Leaf issueFromOtherCa(String dnsName, Duration lifetime) {
    return create(trustDomain).issue(dnsName, lifetime);
  }

  /**
   * Certifies {@code publicKey} for {@code dnsName} from now for {@code lifetime}, as the identity
   * service does for a CSR: the leaf, then the issuer.
   */
  public List<X509Certificate> sign(PublicKey publicKey, String dnsName, Duration lifetime) {
    Instant now = Instant.now();
    return sign(publicKey, dnsName, now, now.plus(lifetime));
  }

  /**
   * The subject's common name: the DNS name, or its first label when the name is longer than a
   * common name may be (64 characters, RFC 5280 appendix A.1), as the control plane's long names
   * are. The identity is the DNS SAN either way.
   */
  private static String commonName(String dnsName) {
    int dot = dnsName.indexOf('.');
    return dnsName.length() <= 64 ? dnsName : dnsName.substring(0, dot > 0 && dot <= 64 ? dot : 64);
  }

  /** As {@link #sign(PublicKey, String, Duration)}, for a validity window. */
  public List<X509Certificate> sign(
      PublicKey publicKey, String dnsName, Instant notBefore, Instant notAfter) {
    X509Certificate leaf =
        certificate(
            new X500Name("CN=" + commonName(dnsName)),
            publicKey,
            X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
            issuerKey,
            issuer,
            notBefore,
            notAfter,
            false,
            -1,
            dnsName);
    return List.of(leaf, issuer);
  }

  /** The anchors as a PEM bundle. */
  public String anchorsPem() {
    return pem(anchors());
  }

  /** Writes the anchors PEM bundle to {@code file}; returns it. */
  public Path writeAnchors(Path file) {
    return write(file, anchorsPem());
  }

  /** PEM {@code CERTIFICATE} blocks of the certificates, in order. */
  public static String pem(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        out.append(pemBlock("CERTIFICATE", certificate.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return out.toString();
  }

  /**
   * A leaf certificate's chain (leaf, then issuer; not the anchor) and its private key.
   *
   * @param chain the leaf first, then its issuer
   */
  public record Leaf(List<X509Certificate> chain, PrivateKey key) {

    public Leaf {
      chain = List.copyOf(chain);
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
      return chain.get(0);
    }

    /** The chain as PEM, leaf first. */
    public String chainPem() {
      return pem(chain);
    }

    /** The key as PKCS#8 PEM ({@code PRIVATE KEY}). */
    public String keyPem() {
      return pemBlock("PRIVATE KEY", key.getEncoded());
    }

    /**
     * The key in OpenSSL's traditional form: {@code EC PRIVATE KEY} (SEC1, with the curve and the
     * public key, as {@code openssl ec} writes it) for an EC key, {@code RSA PRIVATE KEY} (PKCS#1)
     * for an RSA one.
     */
    public String traditionalKeyPem() {
      if ("EC".equals(key.getAlgorithm())) {
        // BouncyCastle's writer would leave out the curve of a JDK key, which lives in the PKCS#8
        // wrapper only; build the SEC1 structure (RFC 5915) in full instead.
        try {
          PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
          ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
          ECPrivateKey full =
              new ECPrivateKey(
                  256,
                  inner.getKey(),
                  SubjectPublicKeyInfo.getInstance(certificate().getPublicKey().getEncoded())
                      .getPublicKeyData(),
                  info.getPrivateKeyAlgorithm().getParameters());
          return pemBlock("EC PRIVATE KEY", full.getEncoded());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      StringWriter out = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
        writer.writeObject(key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }

    /** Writes {@code cert.pem} (the chain) and {@code key.pem} (PKCS#8) into {@code dir}. */
    public LeafFiles writeTo(Path dir) {
      return writeTo(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    }

    /** Writes the chain and the PKCS#8 key to the given files. */
    public LeafFiles writeTo(Path certificateFile, Path keyFile) {
      return new LeafFiles(write(certificateFile, chainPem()), write(keyFile, keyPem()));
    }
  }

  /** Where a leaf's PEM files were written. */
  public record LeafFiles(Path certificate, Path key) {}

  private static X509Certificate certificate(
      X500Name subject,
      PublicKey subjectKey,
      X500Name issuerName,
      KeyPair issuerKey,
      X509Certificate issuerCertificate,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      int pathLength,
      String... dnsNames) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              new BigInteger(64, RANDOM).add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKey);
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          issuerCertificate == null
              ? extensions.createAuthorityKeyIdentifier(subjectKey)
              : extensions.createAuthorityKeyIdentifier(issuerCertificate));
      if (ca) {
        builder.addExtension(
            Extension.basicConstraints,
            true,
            pathLength >= 0 ? new BasicConstraints(pathLength) : new BasicConstraints(true));
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      if (dnsNames.length > 0) {
        List<GeneralName> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
          names.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static KeyPair ecKeyPair() {
    return keyPair("EC");
  }

  private static KeyPair keyPair(String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if ("EC".equals(algorithm)) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pemBlock(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Path write(Path file, String content) {
    try {
      return Files.writeString(file, content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
