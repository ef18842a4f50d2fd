package dev.meshctl.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import dev.meshctl.proxy.config.IdentityConfig.IdentityService;
import dev.meshctl.proxy.metrics.Exposition;
import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.testing.LogCapture;
import dev.meshctl.proxy.testing.TestCa;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CertifyIdentitySource} against a real grpc-java identity service on loopback that checks
 * the CSR as the mesh's CA does and signs it with a {@link TestCa}: plaintext, or TLS with a server
 * certificate from the same CA (for the expected name, another name, or another CA).
 */
class CertifyIdentitySourceGrpcTest {

  private static final String NAME =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String SVC_NAME =
      "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local";
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  private final TestCa ca = TestCa.create("cluster.local");
  private final TestIdentityService identity = new TestIdentityService();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<TlsCredentials> changes = new CopyOnWriteArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private Server server;
  private Path tokenFile;
  private Path anchorsFile;
  private CertifyIdentitySource source;

  private final LogCapture sourceLog = LogCapture.of(CertifyIdentitySource.class);
  private final LogCapture certifierLog = LogCapture.of(GrpcCertifier.class);

  @BeforeEach
  void setUp() throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(identity)
            .build()
            .start();
    tokenFile = Files.writeString(dir.resolve("token"), "token-1");
    anchorsFile = ca.writeAnchors(dir.resolve("ca.pem"));
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (source != null) {
      source.close();
    }
    executor.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    sourceLog.close();
    certifierLog.close();
  }

  /** Replaces the plaintext server with one serving TLS only, as {@code leaf}. */
  private void serveTls(TestCa.Leaf leaf) throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                GrpcSslContexts.configure(
                        SslContextBuilder.forServer(
                            leaf.key(), leaf.chain().toArray(X509Certificate[]::new)))
                    .build())
            .addService(identity)
            .build()
            .start();
  }

  private IdentityService tlsService() {
    return new IdentityService("127.0.0.1", server.getPort(), tokenFile, Optional.of(SVC_NAME));
  }

  private IdentityService service() {
    return new IdentityService("127.0.0.1", server.getPort(), tokenFile);
  }

  /** Through the public factory: the real schedule (renew at 70%, retry from 1 s). */
  private CertifyIdentitySource start() {
    source =
        CertifyIdentitySource.start(
            NAME, service(), anchorsFile, executor, IdentityMetrics.prometheus(registry));
    source.onChange(changes::add);
    return source;
  }

  /** With retries quick enough for a test: from 50 ms, doubling up to 400 ms. */
  private CertifyIdentitySource startRetryingFast() {
    return startRetryingFast(new GrpcCertifier(service().address(), Duration.ofSeconds(5)));
  }

  private CertifyIdentitySource startRetryingFast(GrpcCertifier certifier) {
    source =
        CertifyIdentitySource.start(
            new CertifyIdentitySource.Settings(
                NAME,
                "the identity service at " + service().address(),
                tokenFile,
                anchorsFile.toString(),
                ca.anchors(),
                certifier,
                Scheduler.of(executor, Clock.systemUTC()),
                new RenewalSchedule(0.7, Duration.ofMillis(50), Duration.ofMillis(400), 0.2),
                Math::random,
                IdentityMetrics.prometheus(registry)));
    source.onChange(changes::add);
    return source;
  }

  @Test
  void firstCertificate_isObtainedForAValidCsr_andListenersAreTold() {
    start();

    await().atMost(WAIT).until(() -> source.current().isPresent());

    TlsCredentials credentials = source.current().orElseThrow();
    assertThat(identity.problems).isEmpty();
    assertThat(credentials.leaf().getPublicKey()).isEqualTo(identity.keys.get(0));
    assertThat(CredentialsCheck.dnsNames(credentials.leaf())).containsExactly(NAME);
    assertThat(credentials.chain()).containsExactly(credentials.leaf(), ca.issuer());
    assertThat(credentials.trustAnchors()).containsExactly(ca.anchor());
    await().atMost(WAIT).until(() -> changes.size() == 1);
    assertThat(changes).containsExactly(credentials);
    Exposition metrics = Exposition.parse(new MetricsExporter(registry).scrape());
    assertThat(metrics.value("identity_cert_refresh_total", Map.of())).isEqualTo(1);
    assertThat(metrics.value("identity_cert_expiration_timestamp_seconds", Map.of()))
        .isEqualTo(credentials.expiry().getEpochSecond());
  }

  @Test
  void plaintextService_logsOnceThatTheTokenIsSentInTheClear() {
    start();

    await().atMost(WAIT).until(() -> source.current().isPresent());

    assertThat(certifierLog.messages(Level.INFO))
        .filteredOn(message -> message.contains("the token is sent in the clear"))
        .hasSize(1);
  }

  @Test
  void tlsService_withACertificateForTheExpectedName_givesTheCertificate() throws Exception {
    serveTls(ca.issue(SVC_NAME, Duration.ofHours(1)));
    source =
        CertifyIdentitySource.start(
            NAME, tlsService(), anchorsFile, executor, IdentityMetrics.prometheus(registry));

    await().atMost(WAIT).until(() -> source.current().isPresent());

    assertThat(identity.problems).isEmpty();
    assertThat(CredentialsCheck.dnsNames(source.current().orElseThrow().leaf()))
        .containsExactly(NAME);
    assertThat(identity.tokens).containsExactly("token-1");
    assertThat(certifierLog.messages(Level.INFO))
        .anyMatch(message -> message.contains("over TLS, expecting identity " + SVC_NAME))
        .noneMatch(message -> message.contains("in the clear"));
  }

  @Test
  void tlsService_withACertificateForAnotherName_isRefused_sayingWhy_andRetried() throws Exception {
    String other = "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
    serveTls(ca.issue(other, Duration.ofHours(1)));

    startRetryingFast(
        new GrpcCertifier(service().address(), Duration.ofSeconds(5), ca.anchors(), SVC_NAME));

    await()
        .atMost(WAIT)
        .until(
            () -> sourceLog.messages(Level.INFO).stream().anyMatch(m -> m.contains("attempt 3")));
    assertThat(source.current()).isEmpty();
    assertThat(identity.calls.get()).isZero();
    assertThat(sourceLog.messages(Level.INFO))
        .allMatch(
            message ->
                message.contains(
                    ": TLS refused: the server presented identity "
                        + other
                        + ", not the expected "
                        + SVC_NAME
                        + " (MESH_PROXY_IDENTITY_SVC_NAME); retrying in "));
  }

  @Test
  void tlsService_withACertificateOfAnotherCa_isRefusedAsUntrusted() throws Exception {
    serveTls(ca.issueFromOtherCa(SVC_NAME, Duration.ofHours(1)));

    startRetryingFast(
        new GrpcCertifier(service().address(), Duration.ofSeconds(5), ca.anchors(), SVC_NAME));

    await().atMost(WAIT).until(() -> !sourceLog.messages(Level.INFO).isEmpty());
    assertThat(source.current()).isEmpty();
    assertThat(identity.calls.get()).isZero();
    assertThat(sourceLog.messages(Level.INFO).get(0))
        .contains(
            "the identity service at 127.0.0.1:"
                + server.getPort()
                + ": TLS refused: the server's certificate does not chain to the trust anchors: ");
  }

  @Test
  void renewal_replacesTheCertificateBeforeItExpires() {
    identity.lifetime = Duration.ofSeconds(3);
    start();

    await().atMost(WAIT).until(() -> changes.size() >= 2);

    X509Certificate first = changes.get(0).leaf();
    X509Certificate second = changes.get(1).leaf();
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(second.getNotAfter()).isAfterOrEqualTo(first.getNotAfter());
    // Renewed at 70% of the lifetime: before the first expired.
    assertThat(identity.calls.get()).isGreaterThanOrEqualTo(2);
    assertThat(second.getPublicKey()).isEqualTo(first.getPublicKey());
    assertThat(identity.problems).isEmpty();
  }

  @Test
  void unavailableServiceAtRenewal_keepsTheCurrentCertificate_thenRecovers() {
    identity.lifetime = Duration.ofSeconds(2);
    startRetryingFast();
    await().atMost(WAIT).until(() -> changes.size() == 1);
    TlsCredentials first = changes.get(0);
    identity.failNext.set(3);
    identity.source.set(source);

    await().atMost(WAIT).until(() -> changes.size() == 2);

    assertThat(identity.failed.get()).isEqualTo(3);
    assertThat(identity.currentWhileFailing).hasSize(3).containsOnly(Optional.of(first));
    assertThat(changes.get(1)).isNotEqualTo(first);
    assertThat(source.current()).contains(changes.get(1));
  }

  @Test
  void unavailableServiceAtStart_isRetried_untilTheFirstCertificate() {
    identity.failNext.set(3);
    startRetryingFast();

    await().atMost(WAIT).until(() -> source.current().isPresent());

    assertThat(identity.failed.get()).isEqualTo(3);
    assertThat(identity.calls.get()).isEqualTo(4);
    await().atMost(WAIT).until(() -> changes.size() == 1);
  }

  @Test
  void tokenFile_isReadAgainForEachRequest() throws IOException {
    identity.lifetime = Duration.ofSeconds(2);
    start();
    await().atMost(WAIT).until(() -> changes.size() == 1);
    Files.writeString(tokenFile, "token-2");

    await().atMost(WAIT).until(() -> changes.size() == 2);

    assertThat(identity.tokens).startsWith("token-1", "token-2");
  }

  /**
   * The identity service's side: checks the CSR (signature, P-256 key, exactly the DNS SAN asked
   * for) and signs its key for the identity, or fails with UNAVAILABLE while {@link #failNext} is
   * above zero.
   */
  private final class TestIdentityService extends IdentityGrpc.IdentityImplBase {
    volatile Duration lifetime = Duration.ofHours(24);
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<CertifyIdentitySource> source = new AtomicReference<>();
    final List<Optional<TlsCredentials>> currentWhileFailing = new CopyOnWriteArrayList<>();
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final List<PublicKey> keys = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();

    @Override
    public void certify(
        CertificationRequest request, StreamObserver<CertificationResponse> response) {
      calls.incrementAndGet();
      tokens.add(request.getToken().toStringUtf8());
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failed.incrementAndGet();
        CertifyIdentitySource watched = source.get();
        if (watched != null) {
          currentWhileFailing.add(watched.current());
        }
        response.onError(
            Status.UNAVAILABLE.withDescription("identity service restarting").asRuntimeException());
        return;
      }
      try {
        PublicKey key = checkedKey(request);
        keys.add(key);
        List<X509Certificate> chain = ca.sign(key, request.getIdentity(), lifetime);
        response.onNext(
            CertificationResponse.newBuilder()
                .setLeafCertificate(ByteString.copyFrom(chain.get(0).getEncoded()))
                .addIntermediateCertificates(ByteString.copyFrom(chain.get(1).getEncoded()))
                .build());
        response.onCompleted();
      } catch (Exception e) {
        problems.add(e.getMessage());
        response.onError(
            Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      }
    }

    private PublicKey checkedKey(CertificationRequest request) throws Exception {
      if (!NAME.equals(request.getIdentity())) {
        throw new IllegalArgumentException("identity " + request.getIdentity());
      }
      JcaPKCS10CertificationRequest csr =
          new JcaPKCS10CertificationRequest(request.getCertificateSigningRequest().toByteArray());
      PublicKey key = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("bad CSR signature");
      }
      var algorithm = csr.getSubjectPublicKeyInfo().getAlgorithm();
      if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
          || !SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
        throw new IllegalArgumentException("not a P-256 key: " + algorithm.getAlgorithm());
      }
      Attribute[] requested = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
      if (requested.length != 1) {
        throw new IllegalArgumentException("no extension request");
      }
      ASN1Encodable extensions = requested[0].getAttrValues().getObjectAt(0);
      GeneralNames names =
          GeneralNames.fromExtensions(
              Extensions.getInstance(extensions), Extension.subjectAlternativeName);
      GeneralName[] all = names == null ? new GeneralName[0] : names.getNames();
      if (all.length != 1
          || all[0].getTagNo() != GeneralName.dNSName
          || !NAME.equals(all[0].getName().toString())) {
        throw new IllegalArgumentException("SANs are not exactly DNS:" + NAME);
      }
      return key;
    }
  }
}
