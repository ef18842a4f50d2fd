package dev.meshctl.bench.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.identity.ca.PemFiles;
import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.identity.FileIdentitySource;
import dev.meshctl.proxy.identity.IdentityMetrics;
import dev.meshctl.proxy.identity.TlsCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CA and the proxies' certificate files that mesh-pair-mtls and bench/handshakes write. */
class BenchCaTest {

  @TempDir Path dir;

  @Test
  void identityNames_areTheMeshsDnsForm() {
    assertThat(BenchCa.identity(BenchCa.CLIENT).dnsName())
        .isEqualTo("bench-client.bench.serviceaccount.identity.meshctl-system.cluster.local");
    assertThat(BenchCa.identity(BenchCa.SERVER).dnsName())
        .isEqualTo("backend.bench.serviceaccount.identity.meshctl-system.cluster.local");
  }

  @Test
  void issuedFiles_holdALeafForTheName_chainedToTheAnchor_withItsKey() throws Exception {
    BenchCa ca = BenchCa.create(dir);
    ProxyIdentity client = ca.issue(BenchCa.identity("bench-client"));

    List<X509Certificate> chain = PemFiles.readCertificates("chain", client.certificateFile());
    X509Certificate anchor = PemFiles.readCertificates("anchor", client.trustAnchorsFile()).get(0);
    X509Certificate leaf = chain.get(0);
    assertThat(chain).hasSize(2); // the leaf, then its issuer
    assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
        .containsExactly(
            "bench-client.bench.serviceaccount.identity.meshctl-system.cluster.local",
            "spiffe://cluster.local/ns/bench/sa/bench-client");
    leaf.verify(chain.get(1).getPublicKey());
    chain.get(1).verify(anchor.getPublicKey());
    leaf.checkValidity();

    PrivateKey key = PemFiles.readPrivateKey("key", client.keyFile());
    assertThat(key.getAlgorithm()).isEqualTo("EC");
    byte[] data = "bench".getBytes();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(leaf.getPublicKey());
    verifier.update(data);
    assertThat(verifier.verify(signature)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(client.keyFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void eachProxy_getsItsOwnKeyAndName_underOneAnchor() throws Exception {
    BenchCa ca = BenchCa.create(dir);
    ProxyIdentity client = ca.issue(BenchCa.identity("bench-client"));
    ProxyIdentity server = ca.issue(BenchCa.identity("backend"));

    assertThat(client.trustAnchorsFile()).isEqualTo(server.trustAnchorsFile());
    assertThat(client.certificateFile()).isNotEqualTo(server.certificateFile());
    assertThat(
            Arrays.equals(
                PemFiles.readPrivateKey("a", client.keyFile()).getEncoded(),
                PemFiles.readPrivateKey("b", server.keyFile()).getEncoded()))
        .isFalse();
    assertThat(BenchCa.files(dir, BenchCa.identity("backend"))).isEqualTo(server);
  }

  @Test
  void theProxysOwnFileIdentitySource_acceptsTheFiles() throws Exception {
    ProxyIdentity server = BenchCa.create(dir).issue(BenchCa.identity("backend"));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    try (FileIdentitySource source =
        FileIdentitySource.load(
            server.dnsName(),
            new CertificateFiles(server.certificateFile(), server.keyFile()),
            server.trustAnchorsFile(),
            poller,
            IdentityMetrics.none())) {
      TlsCredentials credentials = source.current().orElseThrow();
      assertThat(credentials.localName()).isEqualTo(server.dnsName());
      assertThat(credentials.chain()).hasSize(2);
    } finally {
      poller.shutdownNow();
    }
  }

  @Test
  void environment_namesTheFilesInTheProxysIdentityVariables() throws Exception {
    ProxyIdentity client = BenchCa.create(dir).issue(BenchCa.identity("bench-client"));

    assertThat(client.environment())
        .containsEntry("MESH_PROXY_IDENTITY_LOCAL_NAME", client.dnsName())
        .containsEntry("MESH_PROXY_IDENTITY_CERT_FILE", client.certificateFile().toString())
        .containsEntry("MESH_PROXY_IDENTITY_KEY_FILE", client.keyFile().toString())
        .containsEntry("MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", dir.resolve("ca.crt").toString())
        .hasSize(4);
  }
}
