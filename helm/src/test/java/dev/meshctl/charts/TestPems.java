package dev.meshctl.charts;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.GeneratedCa;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.PemFiles;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates `meshctl install` makes, made afresh for a test: a trust anchor and issuer
 * ({@link CaGenerator}), the controller's tap client leaf signed by the issuer, and the injector's
 * serving certificate under its own self-signed CA.
 */
record TestPems(
    String trustAnchors,
    String issuerCrt,
    String issuerKey,
    String tapCrt,
    String tapKey,
    String injectorCrt,
    String injectorKey,
    String injectorCa) {

  static final String NAMESPACE = "meshctl-system";

  static TestPems generate() {
    try {
      Clock clock = Clock.systemUTC();
      GeneratedCa ca = new CaGenerator(clock).generate("cluster.local", NAMESPACE);
      KeyPair tapKeys = ecKeys();
      IssuedCertificate tap =
          new LeafSigner(ca.issuer(clock.instant()), Duration.ofDays(30), clock)
              .sign(
                  IdentityName.parseDnsName(
                      "meshctl-controller."
                          + NAMESPACE
                          + ".serviceaccount.identity."
                          + NAMESPACE
                          + ".cluster.local"),
                  tapKeys.getPublic());
      List<X509Certificate> tapChain = new ArrayList<>();
      tapChain.add(tap.leaf());
      tapChain.addAll(tap.intermediates());

      KeyPair injectorCaKeys = ecKeys();
      X509Certificate injectorCa =
          certificate("CN=meshctl-injector-ca", injectorCaKeys, "CN=meshctl-injector-ca", null);
      KeyPair injectorKeys = ecKeys();
      X509Certificate injector =
          certificate(
              "CN=meshctl-injector-ca",
              injectorCaKeys,
              "CN=meshctl-injector." + NAMESPACE + ".svc",
              injectorKeys);

      return new TestPems(
          PemFiles.certificatesToPem(List.of(ca.trustAnchor())),
          PemFiles.certificatesToPem(List.of(ca.issuerCertificate())),
          PemFiles.privateKeyToPem(ca.issuerKey()),
          PemFiles.certificatesToPem(tapChain),
          PemFiles.privateKeyToPem(tapKeys.getPrivate()),
          PemFiles.certificatesToPem(List.of(injector)),
          PemFiles.privateKeyToPem(injectorKeys.getPrivate()),
          PemFiles.certificatesToPem(List.of(injectorCa)));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test certificates", e);
    }
  }

  /** Fixed stand-ins, for a render that does not change from run to run (the golden file). */
  static TestPems placeholders() {
    return new TestPems(
        pem("CERTIFICATE", "TRUST-ANCHORS"),
        pem("CERTIFICATE", "ISSUER"),
        pem("PRIVATE KEY", "ISSUER-KEY"),
        pem("CERTIFICATE", "TAP-CLIENT"),
        pem("PRIVATE KEY", "TAP-CLIENT-KEY"),
        pem("CERTIFICATE", "INJECTOR"),
        pem("PRIVATE KEY", "INJECTOR-KEY"),
        pem("CERTIFICATE", "INJECTOR-CA"));
  }

  /** The chart values `meshctl install` sets: every PEM, nothing else. */
  Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("identityTrustAnchorsPEM", trustAnchors);
    values.put(
        "identity", mutable(Map.of("issuer", mutable(Map.of("tls", tls(issuerCrt, issuerKey))))));
    values.put("controller", mutable(Map.of("tapClientTLS", tls(tapCrt, tapKey))));
    values.put(
        "injector",
        mutable(Map.of("tls", tls(injectorCrt, injectorKey), "caBundlePEM", injectorCa)));
    return values;
  }

  private static Map<String, Object> tls(String crt, String key) {
    return mutable(Map.of("crtPEM", crt, "keyPEM", key));
  }

  static Map<String, Object> mutable(Map<String, Object> map) {
    return new LinkedHashMap<>(map);
  }

  private static String pem(String type, String body) {
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** A CA certificate when {@code subjectKeys} is null (self-signed), else a serving leaf. */
  private static X509Certificate certificate(
      String issuer, KeyPair issuerKeys, String subject, KeyPair subjectKeys) throws Exception {
    Instant now = Instant.now();
    KeyPair keys = subjectKeys == null ? issuerKeys : subjectKeys;
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(365))),
            new X500Name(subject),
            keys.getPublic());
    builder.addExtension(
        Extension.basicConstraints, true, new BasicConstraints(subjectKeys == null));
    if (subjectKeys != null) {
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, subject.substring(3))));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }
}
