package dev.meshctl.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.RefusalReason;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** ServiceAccount tokens checked by a (mock) Kubernetes API server's TokenReview. */
class TokenReviewAuthenticatorTest {

  private static final IdentityName WEB =
      IdentityName.parseDnsName("web.demo.serviceaccount.identity.meshctl-system.cluster.local");

  private final KubernetesMockServer server = new KubernetesMockServer(false);
  private KubernetesClient client;
  private TokenReviewAuthenticator authenticator;

  @BeforeEach
  void startApiServer() {
    server.init();
    FakeTokenReviews.install(server);
    client = FakeTokenReviews.clientWithoutRetries(server);
    authenticator = new TokenReviewAuthenticator(client, "identity.meshctl.dev");
  }

  @AfterEach
  void stopApiServer() {
    client.close();
    server.destroy();
  }

  @Test
  void serviceAccountTokenForTheMesh_provesItsIdentity() throws Exception {
    authenticator.authenticate(WEB, "sa:demo:web");

    TokenReview sent =
        new KubernetesSerialization()
            .unmarshal(
                new String(
                    server.takeRequest(5, TimeUnit.SECONDS).getBody().getBytes(),
                    StandardCharsets.UTF_8),
                TokenReview.class);
    assertThat(sent.getSpec().getToken()).isEqualTo("sa:demo:web");
    assertThat(sent.getSpec().getAudiences()).containsExactly("identity.meshctl.dev");
  }

  @Test
  void tokenOfAnotherServiceAccount_isAnIdentityMismatch() {
    assertReason(
            () -> authenticator.authenticate(WEB, "sa:demo:db"), RefusalReason.IDENTITY_MISMATCH)
        .hasMessage(
            "the token belongs to ServiceAccount demo/db, not to ServiceAccount demo/web of the"
                + " identity asked for");
    assertReason(
        () -> authenticator.authenticate(WEB, "sa:prod:web"), RefusalReason.IDENTITY_MISMATCH);
    assertReason(
            () -> authenticator.authenticate(WEB, "user:admin"), RefusalReason.IDENTITY_MISMATCH)
        .hasMessageContaining("belongs to user admin");
  }

  @Test
  void unauthenticatedToken_isInvalid_withTheApiServersReason() {
    assertReason(() -> authenticator.authenticate(WEB, "garbage"), RefusalReason.TOKEN_INVALID)
        .hasMessage("Kubernetes did not authenticate the token: invalid bearer token");
  }

  @Test
  void tokenForTheApiServersAudienceOnly_isRefused() {
    assertReason(
            () -> authenticator.authenticate(WEB, "api-audience:demo:web"),
            RefusalReason.AUDIENCE_MISMATCH)
        .hasMessage(
            "the token is not for the audience identity.meshctl.dev (it is for the Kubernetes API)");
  }

  @Test
  void apiServerFailure_isAReviewFailure_thatDoesNotRepeatTheToken() {
    assertReason(
            () -> authenticator.authenticate(WEB, "api-down"), RefusalReason.TOKEN_REVIEW_FAILED)
        .hasMessage("the Kubernetes API could not review the token (HTTP 500)");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertReason(
      Executable call, RefusalReason reason) {
    return assertThatThrownBy(call::execute)
        .isInstanceOf(CertificationRefusedException.class)
        .satisfies(e -> assertThat(((CertificationRefusedException) e).reason()).isEqualTo(reason));
  }
}
