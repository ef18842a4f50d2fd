package dev.meshctl.identity.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the issuer and the anchors from files, and every way that fails. */
class IssuerTest {

  @TempDir Path temp;

  private final MutableClock clock = MutableClock.now();
  private final CaGenerator generator = new CaGenerator(clock);
  private GeneratedCa ca;
  private CaDirectory directory;

  @BeforeEach
  void writeCa() throws Exception {
    ca = generator.generate("cluster.local", "meshctl-system");
    directory = new CaDirectory(temp);
    directory.write(ca, false);
  }

  @Test
  void missingFile_saysWhichAndThatItDoesNotExist() throws Exception {
    Files.delete(directory.issuerKeyFile());

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .isInstanceOf(CaFileException.class)
        .hasMessage("issuer key " + directory.issuerKeyFile() + ": does not exist")
        .extracting(e -> ((CaFileException) e).file())
        .isEqualTo(directory.issuerKeyFile());
  }

  @Test
  void fileThatIsNotPem_isRefused() throws Exception {
    Files.writeString(directory.trustAnchorsFile(), "hello, I am not a certificate\n");

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .isInstanceOf(CaFileException.class)
        .hasMessageStartingWith("trust anchors " + directory.trustAnchorsFile() + ": is not PEM");
  }

  @Test
  void keyWhereACertificateBelongs_isNamedAsSuch() throws Exception {
    Files.copy(
        directory.issuerKeyFile(),
        directory.issuerCertificateFile(),
        StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .hasMessageContaining("issuer certificate")
        .hasMessageContaining("contains a PRIVATE KEY where a CERTIFICATE was expected");
  }

  @Test
  void keyOfAnotherIssuer_doesNotMatchTheCertificate() throws Exception {
    GeneratedCa other = generator.generate("cluster.local", "meshctl-system");
    Files.writeString(directory.issuerKeyFile(), PemFiles.privateKeyToPem(other.issuerKey()));

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .isInstanceOf(CaFileException.class)
        .hasMessageStartingWith(
            "issuer key " + directory.issuerKeyFile() + ": does not match the issuer certificate");
  }

  @Test
  void issuerOfAnotherCa_isNotSignedByAnyAnchor() throws Exception {
    GeneratedCa other = generator.generate("cluster.local", "meshctl-system");
    Files.writeString(
        directory.issuerCertificateFile(),
        PemFiles.certificatesToPem(List.of(other.issuerCertificate())));
    Files.writeString(directory.issuerKeyFile(), PemFiles.privateKeyToPem(other.issuerKey()));

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .isInstanceOf(CaFileException.class)
        .hasMessageContaining("issuer certificate " + directory.issuerCertificateFile())
        .hasMessageContaining(
            "is not signed by any of the 1 trust anchor(s) (CN=root.cluster.local)");
  }

  @Test
  void expiredIssuer_isRefused() {
    clock.advance(Duration.ofDays(366));

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .isInstanceOf(CaFileException.class)
        .hasMessageContaining("the issuer certificate expired at");
  }

  @Test
  void leafOrAnchorInPlaceOfTheIssuer_isNotACa() throws Exception {
    // A certificate with CA:false: an issued leaf.
    KeyPair keys = Csrs.p256();
    X509Certificate leaf = leafCertificate(keys);
    Files.writeString(directory.issuerCertificateFile(), PemFiles.certificatesToPem(List.of(leaf)));
    Files.writeString(directory.issuerKeyFile(), PemFiles.privateKeyToPem(keys.getPrivate()));

    assertThatThrownBy(() -> directory.readIssuer(clock.instant()))
        .hasMessageContaining("the issuer certificate is not a CA certificate");
  }

  @Test
  void anchorRotation_anIssuerSignedByEitherAnchorOfTheBundleIsAccepted() throws Exception {
    GeneratedCa next = generator.generate("cluster.local", "meshctl-system");
    Files.writeString(
        directory.trustAnchorsFile(),
        PemFiles.certificatesToPem(List.of(ca.trustAnchor(), next.trustAnchor())));

    assertThat(directory.readIssuer(clock.instant()).trustAnchor()).isEqualTo(ca.trustAnchor());

    Files.writeString(
        directory.issuerCertificateFile(),
        PemFiles.certificatesToPem(List.of(next.issuerCertificate())));
    Files.writeString(directory.issuerKeyFile(), PemFiles.privateKeyToPem(next.issuerKey()));
    assertThat(directory.readIssuer(clock.instant()).trustAnchor()).isEqualTo(next.trustAnchor());
  }

  @Test
  void sec1KeyAsOpensslWritesIt_isReadToo() throws Exception {
    // openssl ecparam -genkey writes "EC PARAMETERS" then "EC PRIVATE KEY" (RFC 5915, curve
    // inside).
    var pkcs8 = PrivateKeyInfo.getInstance(ca.issuerKey().getEncoded());
    var d = ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey();
    var sec1 = new ECPrivateKey(256, d, X9ObjectIdentifiers.prime256v1);
    StringWriter pem = new StringWriter();
    try (PemWriter writer = new PemWriter(pem)) {
      writer.writeObject(
          new PemObject("EC PARAMETERS", X9ObjectIdentifiers.prime256v1.getEncoded()));
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    Files.writeString(directory.issuerKeyFile(), pem.toString());

    assertThat(directory.readIssuer(clock.instant()).certificate())
        .isEqualTo(ca.issuerCertificate());
  }

  @Test
  void anchorBundleWithALeafInIt_isRefused() throws Exception {
    Files.writeString(
        directory.trustAnchorsFile(),
        PemFiles.certificatesToPem(List.of(ca.trustAnchor(), leafCertificate(Csrs.p256()))));

    assertThatThrownBy(() -> directory.readTrustAnchors())
        .hasMessageContaining("certificate 2 (CN=web.demo.serviceaccount")
        .hasMessageContaining("is not a CA certificate");
  }

  @Test
  void inMemoryIssuer_reportsProblemsAsIllegalArguments() {
    assertThatThrownBy(
            () ->
                Issuer.of(
                    List.of(ca.issuerCertificate()),
                    generator.generate("cluster.local", "x").issuerKey(),
                    ca.trustAnchors(),
                    clock.instant()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuer key: does not match the issuer certificate");
  }

  private X509Certificate leafCertificate(KeyPair keys) throws Exception {
    return new LeafSigner(ca.issuer(clock.instant()), Duration.ofHours(1), clock)
        .sign(
            IdentityName.parseDnsName(
                "web.demo.serviceaccount.identity.meshctl-system.cluster.local"),
            keys.getPublic())
        .leaf();
  }
}
