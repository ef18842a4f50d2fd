package dev.meshctl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.meshctl.api.IdentityName;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.grpc.GrpcServerLifecycle;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole identity service with {@code mesh.identity.tls.enabled}: a grpc-java client that trusts
 * only the mesh's trust anchors and checks the server's name (the channel's authority) gets a
 * certificate over TLS; a client that expects another name fails the handshake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class IdentityServerTlsTest {

  private static final TestCa CA = TestCa.create();
  private static final IdentityName SERVER =
      IdentityName.parseDnsName(
          "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local");
  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");

  @DynamicPropertySource
  static void caProperties(DynamicPropertyRegistry registry) {
    for (String property : CA.properties()) {
      String[] keyAndValue = property.split("=", 2);
      registry.add(keyAndValue[0], () -> keyAndValue[1]);
    }
    registry.add("mesh.identity.token-mode", () -> "local");
    registry.add("mesh.identity.grpc-port", () -> "0");
    registry.add("mesh.identity.tls.enabled", () -> "true");
  }

  @Autowired GrpcServerLifecycle grpcServer;

  private final List<X509Certificate[]> presented = new CopyOnWriteArrayList<>();
  private ManagedChannel channel;

  @AfterEach
  void disconnect() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void clientTrustingTheAnchors_andExpectingTheDefaultName_getsACertificate() throws Exception {
    KeyPair keys = TestCsrs.p256();

    CertificationResponse response =
        identity(SERVER.dnsName()).certify(request(WEB, TestCsrs.csr(keys, WEB.dnsName())));

    assertThat(response.getLeafCertificate().isEmpty()).isFalse();
    X509Certificate[] chain = presented.get(0);
    assertThat(chain).hasSize(2);
    assertThat(chain[0].getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, SERVER.dnsName()), List.of(6, SERVER.spiffeUri()));
    assertThat(chain[0].getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(chain[1]).isEqualTo(CA.ca().issuerCertificate());
    assertThat(Duration.between(Instant.now(), chain[0].getNotAfter().toInstant()))
        .isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24));
  }

  @Test
  void clientExpectingAnotherName_failsTheHandshake() throws Exception {
    var stub = identity(WEB.dnsName());
    CertificationRequest request = request(WEB, TestCsrs.csr(TestCsrs.p256(), WEB.dnsName()));

    assertThatThrownBy(() -> stub.certify(request))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e -> {
              assertThat(((StatusRuntimeException) e).getStatus().getCode())
                  .isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e)
                  .hasRootCauseInstanceOf(CertificateException.class)
                  .hasRootCauseMessage(
                      "No subject alternative DNS name matching " + WEB.dnsName() + " found.");
            });
    // The server presented its chain, which the anchors trust: the name is what was refused.
    assertThat(presented).isNotEmpty();
  }

  @Test
  void plaintextClient_getsNoCertificate() throws Exception {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext().build();
    var stub = IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    CertificationRequest request = request(WEB, TestCsrs.csr(TestCsrs.p256(), WEB.dnsName()));

    assertThatThrownBy(() -> stub.certify(request)).isInstanceOf(StatusRuntimeException.class);
  }

  /**
   * A stub over TLS that trusts only the mesh's anchors and expects the server to be {@code name}.
   */
  private IdentityGrpc.IdentityBlockingStub identity(String name) throws Exception {
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
            .overrideAuthority(name)
            .sslContext(GrpcSslContexts.forClient().trustManager(recordingAnchors()).build())
            .build();
    return IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** The trust anchors' PKIX trust manager, remembering each chain the server presents. */
  private X509TrustManager recordingAnchors() throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    List<X509Certificate> anchors = CA.directory().readTrustAnchors().certificates();
    for (int i = 0; i < anchors.size(); i++) {
      store.setCertificateEntry("anchor-" + i, anchors.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    X509TrustManager pkix = (X509TrustManager) factory.getTrustManagers()[0];
    return new X509TrustManager() {
      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        presented.add(chain);
        pkix.checkServerTrusted(chain, authType);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        throw new CertificateException("not a server");
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
      }
    };
  }

  private CertificationRequest request(IdentityName name, byte[] csr) throws Exception {
    String token =
        BootstrapTokens.issue(
            CA.directory().readTokenSigningKey(), name, Duration.ofHours(1), Clock.systemUTC());
    return CertificationRequest.newBuilder()
        .setIdentity(name.dnsName())
        .setToken(ByteString.copyFrom(token, StandardCharsets.UTF_8))
        .setCertificateSigningRequest(ByteString.copyFrom(csr))
        .build();
  }
}
