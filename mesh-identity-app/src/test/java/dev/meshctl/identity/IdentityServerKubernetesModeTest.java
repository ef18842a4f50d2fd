package dev.meshctl.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.meshctl.api.IdentityName;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.api.identity.IdentityGrpc;
import dev.meshctl.identity.grpc.GrpcServerLifecycle;
import dev.meshctl.identity.token.FakeTokenReviews;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole identity service in the kubernetes token mode, its TokenReviews answered by fabric8's
 * mock API server: a ServiceAccount token proves the identity of that ServiceAccount only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = IdentityServerKubernetesModeTest.MockApiServer.class)
class IdentityServerKubernetesModeTest {

  private static final TestCa CA = TestCa.create();
  private static final KubernetesMockServer API_SERVER = new KubernetesMockServer(false);
  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");

  /** Hands the app a client of the mock API server in place of the in-cluster one. */
  static final class MockApiServer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      API_SERVER.init();
      FakeTokenReviews.install(API_SERVER);
      KubernetesClient client = FakeTokenReviews.clientWithoutRetries(API_SERVER);
      context.getBeanFactory().registerSingleton("kubernetesClient", client);
    }
  }

  @DynamicPropertySource
  static void caProperties(DynamicPropertyRegistry registry) {
    for (String property : CA.properties()) {
      String[] keyAndValue = property.split("=", 2);
      registry.add(keyAndValue[0], () -> keyAndValue[1]);
    }
    registry.add("mesh.identity.token-mode", () -> "kubernetes");
    registry.add("mesh.identity.grpc-port", () -> "0");
  }

  @AfterAll
  static void stopApiServer() {
    API_SERVER.destroy();
  }

  @Autowired GrpcServerLifecycle grpcServer;

  private ManagedChannel channel;
  private IdentityGrpc.IdentityBlockingStub identity;

  @BeforeEach
  void connect() {
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext().build();
    identity = IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void disconnect() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void tokenOfTheMatchingServiceAccount_getsACertificate() throws Exception {
    CertificationResponse response = identity.certify(request("sa:demo:web"));

    assertThat(response.getLeafCertificate().isEmpty()).isFalse();
    assertThat(response.getIntermediateCertificatesCount()).isEqualTo(1);
  }

  @Test
  void tokenOfAnotherServiceAccount_isPermissionDenied() {
    assertStatus(
        "sa:demo:db",
        Status.Code.PERMISSION_DENIED,
        "the token belongs to ServiceAccount demo/db, not to ServiceAccount demo/web");
  }

  @Test
  void unauthenticatedToken_isUnauthenticated() {
    assertStatus(
        "not-a-real-token",
        Status.Code.UNAUTHENTICATED,
        "Kubernetes did not authenticate the token: invalid bearer token");
  }

  @Test
  void tokenWithoutTheMeshAudience_isUnauthenticated() {
    assertStatus(
        "api-audience:demo:web",
        Status.Code.UNAUTHENTICATED,
        "the token is not for the audience identity.meshctl.dev");
  }

  @Test
  void apiServerDown_isUnavailable() {
    assertStatus("api-down", Status.Code.UNAVAILABLE, "could not review the token");
  }

  private void assertStatus(String token, Status.Code code, String why) {
    assertThatThrownBy(() -> identity.certify(request(token)))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e -> {
              Status status = ((StatusRuntimeException) e).getStatus();
              assertThat(status.getCode()).isEqualTo(code);
              assertThat(status.getDescription()).contains(why).doesNotContain(token);
            });
  }

  private static CertificationRequest request(String token) throws Exception {
    return CertificationRequest.newBuilder()
        .setIdentity(WEB.dnsName())
        .setToken(ByteString.copyFromUtf8(token))
        .setCertificateSigningRequest(
            ByteString.copyFrom(TestCsrs.csr(TestCsrs.p256(), WEB.dnsName())))
        .build();
  }
}
