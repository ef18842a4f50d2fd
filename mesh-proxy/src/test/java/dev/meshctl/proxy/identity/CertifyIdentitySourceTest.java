package dev.meshctl.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.proxy.testing.LogCapture;
import dev.meshctl.proxy.testing.TestCa;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CertifyIdentitySource}'s timing and state in virtual time, with a stand-in for the
 * identity service that answers at once (the gRPC path is {@link CertifyIdentitySourceGrpcTest}).
 */
class CertifyIdentitySourceTest {

  private static final String NAME =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final Duration DAY = Duration.ofHours(24);
  private static final String TOKEN = "token-that-must-never-be-logged";

  @TempDir Path dir;
  private final TestCa ca = TestCa.create("cluster.local");
  // Certificates carry whole seconds: start on one, so that virtual and certificate times agree.
  private final VirtualScheduler scheduler =
      new VirtualScheduler(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final FakeCertifier certifier = new FakeCertifier();
  private final List<TlsCredentials> changes = new ArrayList<>();
  private final List<TlsCredentials> refreshes = new ArrayList<>();
  private Path tokenFile;
  private CertifyIdentitySource source;
  private LogCapture log;

  @BeforeEach
  void setUp() throws IOException {
    tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    log = LogCapture.of(CertifyIdentitySource.class);
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    log.close();
  }

  private CertifyIdentitySource start() {
    source =
        CertifyIdentitySource.start(
            new CertifyIdentitySource.Settings(
                NAME,
                "the identity service at test:8080",
                tokenFile,
                dir.resolve("ca.pem").toString(),
                ca.anchors(),
                certifier,
                scheduler,
                RenewalSchedule.DEFAULT,
                () -> 0.5, // no jitter
                refreshes::add));
    source.onChange(changes::add);
    return source;
  }

  @Test
  void firstCertificate_isAskedForAtStart_andListenersAreTold() throws Exception {
    certifier.answer = certifier.signing(DAY);
    start();
    assertThat(source.current()).isEmpty();
    assertThat(source.localName()).isEqualTo(NAME);

    scheduler.runDue();

    TlsCredentials credentials = source.current().orElseThrow();
    assertThat(credentials.localName()).isEqualTo(NAME);
    assertThat(credentials.chain()).hasSize(2);
    assertThat(credentials.chain().get(1)).isEqualTo(ca.issuer());
    assertThat(credentials.trustAnchors()).containsExactly(ca.anchor());
    assertThat(credentials.leaf().getPublicKey()).isEqualTo(certifier.lastKey);
    assertThat(changes).containsExactly(credentials);
    assertThat(refreshes).containsExactly(credentials);
    CertificationRequest request = certifier.requests.get(0);
    assertThat(request.getIdentity()).isEqualTo(NAME);
    assertThat(request.getToken().toStringUtf8()).isEqualTo(TOKEN);
    assertThat(log.messages(Level.INFO))
        .anySatisfy(
            message ->
                assertThat(message)
                    .startsWith("identity: certificate for " + NAME + " obtained, valid until")
                    .endsWith("renewing in 16h48m"));
  }

  @Test
  void renewal_happensAt70PercentOfTheLifetime_withTheSameKey() {
    certifier.answer = certifier.signing(DAY);
    start();
    scheduler.runDue();
    TlsCredentials first = source.current().orElseThrow();

    assertThat(scheduler.untilNext()).contains(Duration.ofMinutes(16 * 60 + 48));
    scheduler.advance(Duration.ofMinutes(16 * 60 + 47));
    assertThat(certifier.requests).hasSize(1);
    scheduler.advance(Duration.ofMinutes(1));

    assertThat(certifier.requests).hasSize(2);
    TlsCredentials second = source.current().orElseThrow();
    assertThat(second.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
    assertThat(second.key()).isSameAs(first.key());
    assertThat(certifier.requests.get(1).getCertificateSigningRequest())
        .isEqualTo(certifier.requests.get(0).getCertificateSigningRequest());
    assertThat(changes).containsExactly(first, second);
    assertThat(refreshes).hasSize(2);
  }

  @Test
  void failures_areRetriedWithBackoffDoublingUpToAMinute() {
    certifier.answer = certifier.failing(Status.UNAVAILABLE.withDescription("io exception"));
    start();
    List<Duration> gaps = new ArrayList<>();
    scheduler.runDue();
    for (int i = 0; i < 8; i++) {
      Duration gap = scheduler.untilNext().orElseThrow();
      gaps.add(gap);
      scheduler.advance(gap);
    }

    assertThat(gaps)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(32),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));
    assertThat(certifier.requests).hasSize(9);
    assertThat(source.current()).isEmpty();
    assertThat(changes).isEmpty();
    assertThat(log.messages(Level.INFO).get(0))
        .isEqualTo(
            "identity: no certificate for "
                + NAME
                + " yet: the identity service at test:8080 refused or did not answer: UNAVAILABLE:"
                + " io exception; retrying in 1.0s (attempt 2)");
  }

  @Test
  void failedRenewal_keepsTheCurrentCertificate_thenRecovers_andTheBackoffStartsOver() {
    certifier.answer = certifier.signing(DAY);
    start();
    scheduler.runDue();
    TlsCredentials first = source.current().orElseThrow();

    certifier.answer = certifier.failing(Status.UNAVAILABLE);
    scheduler.advance(Duration.ofMinutes(16 * 60 + 48)); // renewal: fails
    scheduler.advance(Duration.ofSeconds(1)); // fails
    scheduler.advance(Duration.ofSeconds(2)); // fails
    assertThat(certifier.requests).hasSize(4);
    assertThat(source.current()).contains(first);
    assertThat(log.messages(Level.INFO).get(log.messages(Level.INFO).size() - 1))
        .contains("keeping the current certificate, valid until " + first.expiry())
        .endsWith("retrying in 4.0s (attempt 4)");

    certifier.answer = certifier.signing(DAY);
    scheduler.advance(Duration.ofSeconds(4));

    TlsCredentials second = source.current().orElseThrow();
    assertThat(second).isNotEqualTo(first);
    assertThat(changes).containsExactly(first, second);
    // Success resets the backoff: the next failure waits one second again.
    certifier.answer = certifier.failing(Status.UNAVAILABLE);
    scheduler.advance(Duration.ofMinutes(16 * 60 + 48));
    assertThat(scheduler.untilNext()).contains(Duration.ofSeconds(1));
  }

  @Test
  void tokenFile_isReadForEveryRequest() throws IOException {
    certifier.answer = certifier.signing(Duration.ofHours(1));
    start();
    scheduler.runDue();
    Files.writeString(tokenFile, "rotated-token\n");
    scheduler.advance(Duration.ofMinutes(42));

    assertThat(certifier.requests)
        .extracting(request -> request.getToken().toStringUtf8())
        .containsExactly(TOKEN, "rotated-token");
  }

  @Test
  void unreadableTokenFile_isRetriedWithoutACall() throws IOException {
    certifier.answer = certifier.signing(DAY);
    Files.delete(tokenFile);
    start();
    scheduler.runDue();

    assertThat(certifier.requests).isEmpty();
    assertThat(log.messages(Level.INFO).get(0))
        .contains("cannot read the token file " + tokenFile + ": the file does not exist");

    Files.writeString(tokenFile, TOKEN);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(source.current()).isPresent();
  }

  @Test
  void emptyTokenFile_isAFailure() throws IOException {
    Files.writeString(tokenFile, "\n");
    start();
    scheduler.runDue();

    assertThat(certifier.requests).isEmpty();
    assertThat(log.messages(Level.INFO).get(0))
        .contains("the token file " + tokenFile + " is empty");
  }

  @Test
  void certificateForAnotherName_isRefusedAndRetried() {
    certifier.answer =
        request -> certifier.respond(ca.sign(certifier.key(request), "db.demo.cluster.local", DAY));
    start();
    scheduler.runDue();

    assertThat(source.current()).isEmpty();
    assertThat(log.messages(Level.INFO).get(0))
        .contains(
            "the identity service at test:8080 sent an unusable certificate: the certificate is for"
                + " DNS name(s) db.demo.cluster.local");
  }

  @Test
  void certificateFromAnotherCa_isRefused() {
    TestCa other = TestCa.create("cluster.local");
    certifier.answer = request -> certifier.respond(other.sign(certifier.key(request), NAME, DAY));
    start();
    scheduler.runDue();

    assertThat(source.current()).isEmpty();
    assertThat(log.messages(Level.INFO).get(0))
        .contains("the chain does not lead to any of the 1 trust anchor(s)");
  }

  @Test
  void certificateForAnotherKey_isRefused() {
    certifier.answer = request -> certifier.respond(ca.issue(NAME, DAY).chain());
    start();
    scheduler.runDue();

    assertThat(source.current()).isEmpty();
    assertThat(log.messages(Level.INFO).get(0))
        .contains("the certificate is not for the key of the request");
  }

  @Test
  void garbageCertificate_isRefused() {
    certifier.answer =
        request ->
            CompletableFuture.completedFuture(
                CertificationResponse.newBuilder()
                    .setLeafCertificate(ByteString.copyFromUtf8("not DER"))
                    .build());
    start();
    scheduler.runDue();

    assertThat(source.current()).isEmpty();
    assertThat(log.messages(Level.INFO).get(0)).contains("certificate 1 cannot be read");
  }

  @Test
  void close_stopsRenewing_andClosesTheConnection() {
    certifier.answer = certifier.signing(DAY);
    start();
    scheduler.runDue();

    source.close();
    source.close(); // idempotent
    scheduler.advance(Duration.ofDays(2));

    assertThat(certifier.requests).hasSize(1);
    assertThat(certifier.closed).isTrue();
    assertThat(scheduler.pending()).isEmpty();
    assertThat(source.current()).isPresent(); // the last credentials stay readable
  }

  @Test
  void responseArrivingAfterClose_isIgnored() {
    CompletableFuture<CertificationResponse> pending = new CompletableFuture<>();
    certifier.answer = request -> pending;
    start();
    scheduler.runDue();

    source.close();
    pending.complete(CertificationResponse.getDefaultInstance());
    scheduler.runDue();

    assertThat(source.current()).isEmpty();
    assertThat(scheduler.pending()).isEmpty();
  }

  @Test
  void theTokenAndTheKey_areNeverLogged() throws Exception {
    certifier.answer = certifier.signing(Duration.ofMinutes(10));
    start();
    scheduler.runDue();
    certifier.answer = certifier.failing(Status.PERMISSION_DENIED.withDescription("bad token"));
    scheduler.advance(Duration.ofMinutes(10));
    String privateKey =
        java.util.Base64.getEncoder()
            .encodeToString(source.current().orElseThrow().key().getEncoded());

    assertThat(log.all()).isNotEmpty().noneSatisfy(line -> assertThat(line).contains(TOKEN));
    assertThat(log.all()).noneSatisfy(line -> assertThat(line).contains(privateKey));
    assertThat(source.current().orElseThrow().toString()).doesNotContain(privateKey).contains(NAME);
  }

  /** Answers Certify with whatever {@link #answer} says, at once, recording the requests. */
  private final class FakeCertifier implements Certifier {
    final List<CertificationRequest> requests = new ArrayList<>();
    Function<CertificationRequest, CompletableFuture<CertificationResponse>> answer =
        request -> new CompletableFuture<>();
    PublicKey lastKey;
    boolean closed;

    @Override
    public CompletableFuture<CertificationResponse> certify(CertificationRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    @Override
    public void close() {
      closed = true;
    }

    /** Signs the CSR's key for the local name, valid from the virtual now. */
    Function<CertificationRequest, CompletableFuture<CertificationResponse>> signing(
        Duration lifetime) {
      return request ->
          respond(ca.sign(key(request), NAME, scheduler.now(), scheduler.now().plus(lifetime)));
    }

    Function<CertificationRequest, CompletableFuture<CertificationResponse>> failing(
        Status status) {
      return request -> CompletableFuture.failedFuture(status.asRuntimeException());
    }

    PublicKey key(CertificationRequest request) {
      try {
        lastKey =
            new JcaPKCS10CertificationRequest(request.getCertificateSigningRequest().toByteArray())
                .getPublicKey();
        return lastKey;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    CompletableFuture<CertificationResponse> respond(List<X509Certificate> chain) {
      try {
        CertificationResponse.Builder response =
            CertificationResponse.newBuilder()
                .setLeafCertificate(ByteString.copyFrom(chain.get(0).getEncoded()));
        for (X509Certificate intermediate : chain.subList(1, chain.size())) {
          response.addIntermediateCertificates(ByteString.copyFrom(intermediate.getEncoded()));
        }
        return CompletableFuture.completedFuture(response.build());
      } catch (CertificateEncodingException e) {
        throw new AssertionError(e);
      }
    }
  }
}
