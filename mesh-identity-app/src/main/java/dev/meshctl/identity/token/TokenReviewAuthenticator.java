package dev.meshctl.identity.token;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.RefusalReason;
import dev.meshctl.identity.certify.TokenAuthenticator;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;

/**
 * The kubernetes token mode: the caller's token is a ServiceAccount token (projected for the mesh's
 * audience), checked by the API server with a TokenReview. It proves identity {@code
 * <sa>.<ns>.serviceaccount...} when the review says authenticated, confirms the audience, and names
 * the user {@code system:serviceaccount:<ns>:<sa>}.
 */
public final class TokenReviewAuthenticator implements TokenAuthenticator {

  static final String SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";

  private final KubernetesClient client;
  private final String audience;

  public TokenReviewAuthenticator(KubernetesClient client, String audience) {
    this.client = Objects.requireNonNull(client, "client");
    this.audience = Objects.requireNonNull(audience, "audience");
  }

  @Override
  public void authenticate(IdentityName requested, String token)
      throws CertificationRefusedException {
    TokenReviewStatus status = review(token);
    if (!Boolean.TRUE.equals(status.getAuthenticated())) {
      String error = status.getError();
      throw new CertificationRefusedException(
          RefusalReason.TOKEN_INVALID,
          "Kubernetes did not authenticate the token"
              + (error == null || error.isBlank() ? "" : ": " + error));
    }
    // An authenticated review without our audience means the token is for another audience (an
    // empty list: the API server's own), so it was not meant to be shown to the mesh.
    List<String> audiences = status.getAudiences();
    if (audiences == null || !audiences.contains(audience)) {
      throw new CertificationRefusedException(
          RefusalReason.AUDIENCE_MISMATCH,
          "the token is not for the audience "
              + audience
              + " (it is for "
              + (audiences == null || audiences.isEmpty() ? "the Kubernetes API" : audiences)
              + ")");
    }
    String user = status.getUser() == null ? null : status.getUser().getUsername();
    String expected =
        SERVICE_ACCOUNT_USER_PREFIX + requested.namespace() + ":" + requested.serviceAccount();
    if (!expected.equals(user)) {
      throw new CertificationRefusedException(
          RefusalReason.IDENTITY_MISMATCH,
          "the token belongs to "
              + describe(user)
              + ", not to ServiceAccount "
              + requested.namespace()
              + "/"
              + requested.serviceAccount()
              + " of the identity asked for");
    }
  }

  private TokenReviewStatus review(String token) throws CertificationRefusedException {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audience)
            .endSpec()
            .build();
    TokenReview answer;
    try {
      answer = client.authentication().v1().tokenReviews().create(request);
    } catch (KubernetesClientException e) {
      // The exception's message names the URL and the API's status, never the request body.
      throw new CertificationRefusedException(
          RefusalReason.TOKEN_REVIEW_FAILED,
          "the Kubernetes API could not review the token"
              + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : ": " + e.getMessage()));
    }
    if (answer == null || answer.getStatus() == null) {
      throw new CertificationRefusedException(
          RefusalReason.TOKEN_REVIEW_FAILED,
          "the Kubernetes API answered the review without a status");
    }
    return answer.getStatus();
  }

  private static String describe(String user) {
    if (user == null) {
      return "no user";
    }
    if (user.startsWith(SERVICE_ACCOUNT_USER_PREFIX)) {
      String[] nsAndSa = user.substring(SERVICE_ACCOUNT_USER_PREFIX.length()).split(":", 2);
      if (nsAndSa.length == 2) {
        return "ServiceAccount " + nsAndSa[0] + "/" + nsAndSa[1];
      }
    }
    return "user " + user;
  }
}
