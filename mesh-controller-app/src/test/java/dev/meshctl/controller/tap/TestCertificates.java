package dev.meshctl.controller.tap;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.GeneratedCa;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A mesh CA made for one test run, and leaf certificates from it for any identity, as the identity
 * app issues them (ECDSA P-256, the identity as DNS and SPIFFE SAN).
 */
final class TestCertificates {

  static final String CONTROL_PLANE_NAMESPACE = "meshctl-system";
  static final String TRUST_DOMAIN = "cluster.local";

  private final GeneratedCa ca;
  private final LeafSigner signer;

  TestCertificates() {
    Clock clock = Clock.systemUTC();
    ca = new CaGenerator(clock).generate(TRUST_DOMAIN, CONTROL_PLANE_NAMESPACE);
    signer = new LeafSigner(ca.issuer(clock.instant()), Duration.ofHours(1), clock);
  }

  X509Certificate trustAnchor() {
    return ca.trustAnchor();
  }

  /** A key and a certificate chain (leaf first) naming {@code <sa>.<ns>.serviceaccount...}. */
  Leaf leaf(String serviceAccount, String namespace) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      IssuedCertificate issued =
          signer.sign(
              new IdentityName(serviceAccount, namespace, CONTROL_PLANE_NAMESPACE, TRUST_DOMAIN),
              keys.getPublic());
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(issued.leaf());
      chain.addAll(issued.intermediates());
      return new Leaf(keys.getPrivate(), chain);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  /** Writes a leaf and the trust anchor as the controller reads them: cert, key, anchors. */
  List<Path> write(Leaf leaf, Path folder) throws IOException {
    Path cert =
        Files.writeString(folder.resolve("tap.crt"), PemFiles.certificatesToPem(leaf.chain()));
    Path key = Files.writeString(folder.resolve("tap.key"), PemFiles.privateKeyToPem(leaf.key()));
    Path anchors =
        Files.writeString(
            folder.resolve("anchors.pem"), PemFiles.certificatesToPem(List.of(trustAnchor())));
    return List.of(cert, key, anchors);
  }

  record Leaf(PrivateKey key, List<X509Certificate> chain) {
    X509Certificate[] chainArray() {
      return chain.toArray(X509Certificate[]::new);
    }
  }
}
