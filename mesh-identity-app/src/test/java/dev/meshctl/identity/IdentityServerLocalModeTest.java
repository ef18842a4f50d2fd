package dev.meshctl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.meshctl.api.IdentityName;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import dev.meshctl.identity.ca.BootstrapToken;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.grpc.GrpcServerLifecycle;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole identity service in the local token mode: a real grpc-java client calls Certify on the
 * gRPC port with a CSR made by BouncyCastle and a bootstrap token, as a proxy of the local mesh
 * does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityServerLocalModeTest {

  private static final TestCa CA = TestCa.create();
  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");
  private static final IdentityName DB =
      IdentityName.parseDnsName("db.demo.serviceaccount.identity.meshctl-system.cluster.local");

  @DynamicPropertySource
  static void caProperties(DynamicPropertyRegistry registry) {
    for (String property : CA.properties()) {
      String[] keyAndValue = property.split("=", 2);
      registry.add(keyAndValue[0], () -> keyAndValue[1]);
    }
    registry.add("mesh.identity.token-mode", () -> "local");
    registry.add("mesh.identity.grpc-port", () -> "0");
  }

  @Autowired GrpcServerLifecycle grpcServer;
  @Autowired MeterRegistry meters;
  @LocalServerPort int actuatorPort;

  private ManagedChannel channel;
  private IdentityGrpc.IdentityBlockingStub identity;
  private PrivateKey tokenSigningKey;

  @BeforeEach
  void connect() throws Exception {
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext().build();
    identity = IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    tokenSigningKey = CA.directory().readTokenSigningKey();
  }

  @AfterEach
  void disconnect() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void certify_returnsALeafThatChainsToTheAnchor_withBothNames_forADay() throws Exception {
    KeyPair keys = TestCsrs.p256();
    double issuedBefore = counter("identity.certificates.issued", null);

    CertificationResponse response =
        identity.certify(request(WEB, token(WEB), TestCsrs.csr(keys, WEB.dnsName())));

    X509Certificate leaf = certificate(response.getLeafCertificate());
    assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(leaf.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, WEB.dnsName()), List.of(6, WEB.spiffeUri()));
    assertThat(response.getIntermediateCertificatesCount()).isEqualTo(1);
    X509Certificate issuer = certificate(response.getIntermediateCertificates(0));
    assertThat(issuer).isEqualTo(CA.ca().issuerCertificate());
    validatesToTheAnchor(leaf, issuer);
    Instant validUntil = Instant.ofEpochSecond(response.getValidUntil().getSeconds());
    assertThat(validUntil).isEqualTo(leaf.getNotAfter().toInstant());
    assertThat(Duration.between(Instant.now(), validUntil))
        .isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24));
    assertThat(counter("identity.certificates.issued", null)).isEqualTo(issuedBefore + 1);
  }

  @Test
  void tokenReadFromAFile_withItsTrailingNewline_isAccepted() throws Exception {
    String fromFile = token(WEB) + "\n";

    CertificationResponse response =
        identity.certify(request(WEB, fromFile, TestCsrs.csr(TestCsrs.p256(), WEB.dnsName())));

    assertThat(response.getLeafCertificate().isEmpty()).isFalse();
  }

  @Test
  void expiredBootstrapToken_isUnauthenticated() throws Exception {
    Instant now = Instant.now();
    String expired =
        BootstrapTokens.encode(
            tokenSigningKey,
            new BootstrapToken(
                WEB, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))));

    assertRefused(
        request(WEB, expired, TestCsrs.csr(TestCsrs.p256(), WEB.dnsName())),
        Status.Code.UNAUTHENTICATED,
        "the bootstrap token expired at",
        "token_expired");
  }

  @Test
  void tokenForAnotherIdentity_isPermissionDenied() throws Exception {
    assertRefused(
        request(WEB, token(DB), TestCsrs.csr(TestCsrs.p256(), WEB.dnsName())),
        Status.Code.PERMISSION_DENIED,
        "the bootstrap token proves " + DB.dnsName(),
        "identity_mismatch");
  }

  @Test
  void csrForAnotherName_isInvalidArgument() throws Exception {
    assertRefused(
        request(WEB, token(WEB), TestCsrs.csr(TestCsrs.p256(), DB.dnsName())),
        Status.Code.INVALID_ARGUMENT,
        "asks for the name DNS:" + DB.dnsName(),
        "name_mismatch");
  }

  @Test
  void rsaKey_isInvalidArgument() throws Exception {
    assertRefused(
        request(WEB, token(WEB), TestCsrs.csr(TestCsrs.rsa(), WEB.dnsName())),
        Status.Code.INVALID_ARGUMENT,
        "the CSR's key is RSA",
        "wrong_key_type");
  }

  @Test
  void forgedToken_isUnauthenticated() throws Exception {
    String forged =
        BootstrapTokens.issue(
            TestCsrs.p256().getPrivate(), WEB, Duration.ofHours(1), Clock.systemUTC());

    assertRefused(
        request(WEB, forged, TestCsrs.csr(TestCsrs.p256(), WEB.dnsName())),
        Status.Code.UNAUTHENTICATED,
        "signature does not verify",
        "token_invalid");
  }

  @Test
  void malformedIdentity_isInvalidArgument() throws Exception {
    assertRefused(
        CertificationRequest.newBuilder()
            .setIdentity("web.demo.svc.cluster.local")
            .setToken(ByteString.copyFromUtf8(token(WEB)))
            .build(),
        Status.Code.INVALID_ARGUMENT,
        "is not of the form <sa>.<ns>.serviceaccount.identity",
        "bad_identity");
  }

  @Test
  void prometheusEndpoint_showsTheIdentityMetrics_andReadinessIsUp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> metrics = get(http, "/actuator/prometheus");
    HttpResponse<String> readiness = get(http, "/actuator/health/readiness");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("identity_certificates_issued_total ")
        .contains("identity_certificates_refused_total{reason=\"name_mismatch\"} ")
        .contains(
            "identity_issuer_expiration_timestamp_seconds "
                + (double) CA.ca().issuerCertificate().getNotAfter().toInstant().getEpochSecond());
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  private void assertRefused(
      CertificationRequest request, Status.Code code, String why, String reasonLabel) {
    double before = counter("identity.certificates.refused", reasonLabel);

    assertThatThrownBy(() -> identity.certify(request))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e -> {
              Status status = ((StatusRuntimeException) e).getStatus();
              assertThat(status.getCode()).isEqualTo(code);
              assertThat(status.getDescription()).contains(why);
            });
    assertThat(counter("identity.certificates.refused", reasonLabel)).isEqualTo(before + 1);
  }

  private double counter(String name, String reason) {
    var search = meters.get(name);
    return (reason == null ? search : search.tag("reason", reason)).counter().count();
  }

  private String token(IdentityName name) {
    return BootstrapTokens.issue(tokenSigningKey, name, Duration.ofHours(1), Clock.systemUTC());
  }

  private static CertificationRequest request(IdentityName name, String token, byte[] csr) {
    return CertificationRequest.newBuilder()
        .setIdentity(name.dnsName())
        .setToken(ByteString.copyFrom(token, StandardCharsets.UTF_8))
        .setCertificateSigningRequest(ByteString.copyFrom(csr))
        .build();
  }

  private static X509Certificate certificate(ByteString der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
  }

  private static void validatesToTheAnchor(X509Certificate leaf, X509Certificate issuer)
      throws Exception {
    List<X509Certificate> path = new ArrayList<>(List.of(leaf, issuer));
    PKIXParameters parameters =
        new PKIXParameters(
            Set.of(new TrustAnchor(CA.directory().readTrustAnchors().certificates().get(0), null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
  }

  private HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + actuatorPort + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
