package dev.meshctl.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.testing.LogCapture;
import dev.meshctl.proxy.testing.TestCa;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentitySourceTest {

  private static final String NAME =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final Duration DAY = Duration.ofHours(24);

  @TempDir Path dir;
  private final TestCa ca = TestCa.create("cluster.local");
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<TlsCredentials> refreshes = new CopyOnWriteArrayList<>();
  private final List<TlsCredentials> changes = new CopyOnWriteArrayList<>();
  private Path certFile;
  private Path keyFile;
  private Path anchorsFile;
  private FileIdentitySource source;
  private LogCapture log;

  @BeforeEach
  void setUp() {
    certFile = dir.resolve("tls.crt");
    keyFile = dir.resolve("tls.key");
    anchorsFile = ca.writeAnchors(dir.resolve("ca.crt"));
    log = LogCapture.of(FileIdentitySource.class);
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    poller.shutdownNow();
    log.close();
  }

  /** Loads with a long poll interval: the tests call {@code poll()} themselves. */
  private FileIdentitySource load() {
    return load(Duration.ofHours(1));
  }

  private FileIdentitySource load(Duration pollInterval) {
    source =
        FileIdentitySource.load(
            NAME,
            new CertificateFiles(certFile, keyFile),
            anchorsFile,
            poller,
            refreshes::add,
            clock,
            pollInterval);
    source.onChange(changes::add);
    return source;
  }

  private void assertLoadFails(Path file, String problem) {
    assertThatExceptionOfType(IdentityFileException.class)
        .isThrownBy(this::load)
        .withMessage(file + ": " + problem)
        .satisfies(e -> assertThat(e.file()).contains(file));
  }

  // At start

  @Test
  void validFiles_giveTheCredentials() {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);

    load();

    TlsCredentials credentials = source.current().orElseThrow();
    assertThat(source.localName()).isEqualTo(NAME);
    assertThat(credentials.localName()).isEqualTo(NAME);
    assertThat(credentials.chain()).containsExactly(leaf.certificate(), ca.issuer());
    assertThat(credentials.key()).isEqualTo(leaf.key());
    assertThat(credentials.trustAnchors()).containsExactly(ca.anchor());
    assertThat(refreshes).containsExactly(credentials);
    assertThat(changes).isEmpty(); // listeners hear of changes only
  }

  @Test
  void traditionalEcKey_isAccepted() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    Files.writeString(keyFile, leaf.traditionalKeyPem());
    assertThat(Files.readString(keyFile)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    // The same secret, whatever the encoding (this one carries the public key too).
    assertThat(((ECPrivateKey) load().current().orElseThrow().key()).getS())
        .isEqualTo(((ECPrivateKey) leaf.key()).getS());
  }

  @Test
  void ecParametersBeforeTheKey_areSkipped() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    // What `openssl ecparam -name prime256v1 -genkey` writes: the curve, then the key.
    Files.writeString(
        keyFile,
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + leaf.traditionalKeyPem());

    assertThat(load().current()).isPresent();
  }

  @Test
  void rsaKey_isAccepted() {
    ca.issueRsa(NAME, DAY).writeTo(certFile, keyFile);

    assertThat(load().current().orElseThrow().key().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void chainFileWithTheAnchorAtTheEnd_isAccepted_withoutTheAnchor() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    Files.writeString(certFile, leaf.chainPem() + ca.anchorsPem());

    assertThat(load().current().orElseThrow().chain())
        .containsExactly(leaf.certificate(), ca.issuer());
  }

  @Test
  void missingCertificateFile_isFatal() {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Path missing = dir.resolve("nope.crt");
    certFile = missing;

    assertLoadFails(missing, "the file does not exist");
  }

  @Test
  void certificateFileWithoutCertificate_isFatal() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Files.writeString(certFile, "not PEM at all\n");

    assertLoadFails(certFile, "holds no certificate (-----BEGIN CERTIFICATE-----)");
  }

  @Test
  void keyInTheCertificateFile_isFatal() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    Files.writeString(certFile, leaf.chainPem() + leaf.keyPem());

    assertLoadFails(certFile, "holds a private key where only certificates are expected");
  }

  @Test
  void certificateInTheKeyFile_isFatal() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    Files.writeString(keyFile, leaf.chainPem());

    assertLoadFails(keyFile, "holds a certificate where a private key is expected");
  }

  @Test
  void emptyKeyFile_isFatal() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Files.writeString(keyFile, "");

    assertLoadFails(
        keyFile,
        "holds no private key (-----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
  }

  @Test
  void corruptPem_isFatal() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");

    assertThatExceptionOfType(IdentityFileException.class)
        .isThrownBy(this::load)
        .withMessageStartingWith(keyFile + ": is not a valid PEM private key (");
  }

  @Test
  void encryptedKey_isFatal() throws Exception {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    StringWriter encrypted = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(encrypted)) {
      writer.writeObject(
          new JcaPKCS8Generator(
              leaf.key(),
              new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                  .setProvider(new BouncyCastleProvider()) // AES/CBC/PKCS7Padding; not installed
                  .setPassword("secret".toCharArray())
                  .build()));
    }
    Files.writeString(keyFile, encrypted.toString());

    assertLoadFails(keyFile, "holds an encrypted private key; the proxy needs it unencrypted");
  }

  @Test
  void keyOfAnotherCertificate_isFatal() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Files.writeString(keyFile, ca.issue(NAME, DAY).keyPem());

    assertLoadFails(
        keyFile,
        "the key is not the certificate's (they do not match) (certificate: " + certFile + ")");
  }

  @Test
  void rsaKeyForAnEcCertificate_isFatal() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Files.writeString(keyFile, ca.issueRsa(NAME, DAY).keyPem());

    assertLoadFails(
        keyFile,
        "the key is RSA but the certificate's is EC: they do not match (certificate: "
            + certFile
            + ")");
  }

  @Test
  void expiredCertificate_isFatal() {
    TestCa.Leaf leaf = ca.issueExpired(NAME);
    leaf.writeTo(certFile, keyFile);

    assertLoadFails(
        certFile, "the certificate expired at " + leaf.certificate().getNotAfter().toInstant());
  }

  @Test
  void certificateForAnotherName_isFatal() {
    ca.issue("db.demo.serviceaccount.identity.meshctl-system.cluster.local", DAY)
        .writeTo(certFile, keyFile);

    assertLoadFails(
        certFile,
        "the certificate is for DNS name(s)"
            + " db.demo.serviceaccount.identity.meshctl-system.cluster.local, but the proxy's"
            + " identity (MESH_PROXY_IDENTITY_LOCAL_NAME) is "
            + NAME
            + "; its only DNS name must be that");
  }

  @Test
  void certificateFromAnotherCa_isFatal() {
    ca.issueFromOtherCa(NAME, DAY).writeTo(certFile, keyFile);

    assertLoadFails(
        certFile,
        "the chain does not lead to any of the 1 trust anchor(s) in "
            + anchorsFile
            + ": its last certificate, issued by CN=root.cluster.local, is signed by none of"
            + " them");
  }

  @Test
  void chainWithoutItsIntermediate_isFatal() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    Files.writeString(certFile, TestCa.pem(List.of(leaf.certificate())));

    assertLoadFails(
        certFile,
        "the chain does not lead to any of the 1 trust anchor(s) in "
            + anchorsFile
            + ": its last certificate, issued by CN=identity.cluster.local, is signed by none of"
            + " them");
  }

  @Test
  void chainInTheWrongOrder_isFatal() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    Files.writeString(certFile, TestCa.pem(List.of(leaf.certificate(), ca.anchor(), ca.issuer())));

    assertThatExceptionOfType(IdentityFileException.class)
        .isThrownBy(this::load)
        .withMessageStartingWith(certFile + ": certificate 2 of the chain (CN=root.cluster.local)");
  }

  @Test
  void anchorsFileWithoutCertificate_isFatal() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    Files.writeString(anchorsFile, "");

    assertLoadFails(anchorsFile, "holds no certificate (-----BEGIN CERTIFICATE-----)");
  }

  // Reloading

  @Test
  void changedFiles_areReloaded_andListenersAreTold() {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    load();
    TlsCredentials first = source.current().orElseThrow();

    TestCa.Leaf renewed = ca.issue(NAME, DAY.multipliedBy(2));
    renewed.writeTo(certFile, keyFile);
    source.poll();

    TlsCredentials second = source.current().orElseThrow();
    assertThat(second.leaf()).isEqualTo(renewed.certificate());
    assertThat(second).isNotEqualTo(first);
    assertThat(changes).containsExactly(second);
    assertThat(refreshes).containsExactly(first, second);
    assertThat(log.messages(Level.INFO))
        .last()
        .isEqualTo(
            certFile + ": certificate for " + NAME + " reloaded, valid until " + second.expiry());
  }

  @Test
  void unchangedFiles_areNotReloaded() {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    load();

    source.poll();
    source.poll();

    assertThat(changes).isEmpty();
    assertThat(refreshes).hasSize(1);
  }

  @Test
  void badNewFiles_keepTheCurrentCredentials_withOneWarning_untilFixed() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    load();
    TlsCredentials first = source.current().orElseThrow();

    // A certificate written before its key: the pair does not match until both are there.
    TestCa.Leaf renewed = ca.issue(NAME, DAY);
    Files.writeString(certFile, renewed.chainPem());
    source.poll();
    source.poll();

    assertThat(source.current()).contains(first);
    assertThat(changes).isEmpty();
    assertThat(log.messages(Level.WARNING))
        .containsExactly(
            keyFile
                + ": the key is not the certificate's (they do not match) (certificate: "
                + certFile
                + "); keeping the current certificate (valid until "
                + first.expiry()
                + ")");

    Files.writeString(keyFile, renewed.keyPem());
    source.poll();

    assertThat(source.current().orElseThrow().leaf()).isEqualTo(renewed.certificate());
    assertThat(changes).hasSize(1);
  }

  @Test
  void expiredNewCertificate_isNotTaken() {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    load();
    TlsCredentials first = source.current().orElseThrow();

    ca.issueExpired(NAME).writeTo(certFile, keyFile);
    source.poll();

    assertThat(source.current()).contains(first);
    assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("expired at");
  }

  @Test
  void deletedFile_keepsTheCurrentCredentials_untilItComesBack() throws IOException {
    TestCa.Leaf leaf = ca.issue(NAME, DAY);
    leaf.writeTo(certFile, keyFile);
    load();
    TlsCredentials first = source.current().orElseThrow();

    Files.delete(keyFile);
    source.poll();
    source.poll();
    assertThat(source.current()).contains(first);
    assertThat(log.messages(Level.WARNING))
        .singleElement()
        .asString()
        .startsWith(keyFile + ": the file does not exist; keeping the current certificate");

    Files.writeString(keyFile, leaf.keyPem());
    source.poll();
    // The same content again: checked again (it was forgotten), taken as the credentials.
    assertThat(source.current().orElseThrow().leaf()).isEqualTo(leaf.certificate());
    assertThat(refreshes).hasSize(2);
  }

  @Test
  void certificateExpiringWhileLoaded_isReportedOnce() {
    ca.issue(NAME, Duration.ofHours(1)).writeTo(certFile, keyFile);
    load();

    clock.advance(Duration.ofHours(2));
    source.poll();
    source.poll();

    assertThat(log.messages(Level.WARNING))
        .singleElement()
        .asString()
        .startsWith(certFile + ": the certificate expired at ")
        .endsWith("; peers will refuse it until the file is replaced");
  }

  @Test
  void filesReplacedAtomically_areSeenByThePoller() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    load(Duration.ofMillis(50));

    // As a Secret volume update does it: new files elsewhere, moved into place.
    Path staging = Files.createDirectory(dir.resolve("staging"));
    TestCa.Leaf renewed = ca.issue(NAME, DAY);
    TestCa.LeafFiles staged = renewed.writeTo(staging);
    Files.move(staged.key(), keyFile, StandardCopyOption.REPLACE_EXISTING);
    Files.move(staged.certificate(), certFile, StandardCopyOption.REPLACE_EXISTING);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                changes.size() == 1
                    && changes.get(0).leaf().equals(renewed.certificate())
                    && source.current().orElseThrow().leaf().equals(renewed.certificate()));
  }

  @Test
  void close_stopsPolling() throws IOException {
    ca.issue(NAME, DAY).writeTo(certFile, keyFile);
    load(Duration.ofMillis(20));
    source.close();
    source.close();
    TlsCredentials loaded = source.current().orElseThrow();

    ca.issue(NAME, DAY).writeTo(certFile, keyFile);

    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> source.current().orElseThrow().equals(loaded));
    assertThat(changes).isEmpty();
  }
}
