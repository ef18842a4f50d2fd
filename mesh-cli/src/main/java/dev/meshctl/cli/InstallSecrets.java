package dev.meshctl.cli;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.GeneratedCa;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.Issuer;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.PemFiles;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The key material of a control plane, as PEM text for the chart: the mesh's trust anchors, the
 * identity issuer, the controller's tap client certificate, and the injector's serving certificate
 * with its CA. {@link #generate} makes new ones for {@code install}; {@code upgrade} reads the
 * installed ones from the cluster.
 */
record InstallSecrets(
    String trustAnchorsPem,
    String issuerCertificatePem,
    String issuerKeyPem,
    String tapCertificatePem,
    String tapKeyPem,
    InjectorCertificates injector) {

  /**
   * A new CA (anchor {@code anchorLifetime}, issuer {@code issuerLifetime}), the controller's tap
   * certificate (as long as the issuer), and the injector's TLS (as long as the anchor).
   */
  static InstallSecrets generate(
      Clock clock,
      String namespace,
      String trustDomain,
      Duration anchorLifetime,
      Duration issuerLifetime) {
    GeneratedCa ca =
        new CaGenerator(clock).generate(trustDomain, namespace, anchorLifetime, issuerLifetime);
    Instant now = clock.instant();
    Issuer issuer = ca.issuer(now);
    IdentityName controller =
        new IdentityName(
            ClusterNames.CONTROLLER_SERVICE_ACCOUNT, namespace, namespace, trustDomain);
    KeyPair tapKeys;
    IssuedCertificate tap;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      tapKeys = generator.generateKeyPair();
      tap =
          new LeafSigner(issuer, Duration.between(now, issuer.expiry()), clock)
              .sign(controller, tapKeys.getPublic());
    } catch (GeneralSecurityException e) {
      throw new UserFacingException("this JDK cannot make ECDSA P-256 keys: " + e.getMessage(), e);
    } catch (CertificationRefusedException e) {
      throw new IllegalStateException("a new issuer refused to sign: " + e.getMessage(), e);
    }
    List<X509Certificate> tapChain = new ArrayList<>();
    tapChain.add(tap.leaf());
    tapChain.addAll(tap.intermediates());
    return new InstallSecrets(
        PemFiles.certificatesToPem(List.of(ca.trustAnchor())),
        PemFiles.certificatesToPem(List.of(ca.issuerCertificate())),
        PemFiles.privateKeyToPem(ca.issuerKey()),
        PemFiles.certificatesToPem(tapChain),
        PemFiles.privateKeyToPem(tapKeys.getPrivate()),
        InjectorCertificates.generate(clock, namespace, anchorLifetime));
  }

  static InstallSecrets generate(Clock clock, String namespace, String trustDomain) {
    return generate(
        clock,
        namespace,
        trustDomain,
        CaGenerator.DEFAULT_ANCHOR_LIFETIME,
        CaGenerator.DEFAULT_ISSUER_LIFETIME);
  }

  /** Keeps keys out of logs and assertion messages. */
  @Override
  public String toString() {
    return "InstallSecrets[...]";
  }
}
