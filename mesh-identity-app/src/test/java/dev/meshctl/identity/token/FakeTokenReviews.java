package dev.meshctl.identity.token;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An API server's TokenReview endpoint on fabric8's mock server, answering from the token's text:
 *
 * <ul>
 *   <li>{@code sa:<ns>:<sa>}: authenticated as that ServiceAccount, for the audiences asked
 *   <li>{@code api-audience:<ns>:<sa>}: authenticated, but only for the API server's audience
 *   <li>{@code user:<name>}: authenticated as a user that is no ServiceAccount
 *   <li>{@code api-down}: HTTP 500
 *   <li>anything else: not authenticated
 * </ul>
 */
public final class FakeTokenReviews implements ResponseProvider<Object> {

  public static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

  private final KubernetesSerialization json = new KubernetesSerialization();
  private Headers headers = new Headers.Builder().build();

  private FakeTokenReviews() {}

  public static void install(KubernetesMockServer server) {
    server.expect().post().withPath(PATH).andReply(new FakeTokenReviews()).always();
  }

  /**
   * A client of the mock server that fails at once: fabric8 retries a failed request by default.
   */
  public static KubernetesClient clientWithoutRetries(KubernetesMockServer server) {
    Config config;
    try (KubernetesClient mockClient = server.createClient()) {
      config =
          new ConfigBuilder(mockClient.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public int getStatusCode(RecordedRequest request) {
    return token(request).equals("api-down") ? 500 : 201;
  }

  @Override
  public Object getBody(RecordedRequest request) {
    TokenReview asked = review(request);
    String token = asked.getSpec().getToken();
    if (token.equals("api-down")) {
      return new StatusBuilder().withCode(500).withMessage("etcd is on fire").build();
    }
    String[] parts = token.split(":");
    TokenReviewBuilder answer = new TokenReviewBuilder(asked);
    if (parts.length == 3 && parts[0].equals("sa")) {
      return answer
          .withNewStatus()
          .withAuthenticated(true)
          .withAudiences(asked.getSpec().getAudiences())
          .withNewUser()
          .withUsername("system:serviceaccount:" + parts[1] + ":" + parts[2])
          .endUser()
          .endStatus()
          .build();
    }
    if (parts.length == 3 && parts[0].equals("api-audience")) {
      return answer
          .withNewStatus()
          .withAuthenticated(true)
          .withAudiences(List.of())
          .withNewUser()
          .withUsername("system:serviceaccount:" + parts[1] + ":" + parts[2])
          .endUser()
          .endStatus()
          .build();
    }
    if (parts.length == 2 && parts[0].equals("user")) {
      return answer
          .withNewStatus()
          .withAuthenticated(true)
          .withAudiences(asked.getSpec().getAudiences())
          .withNewUser()
          .withUsername(parts[1])
          .endUser()
          .endStatus()
          .build();
    }
    return answer
        .withNewStatus()
        .withAuthenticated(false)
        .withError("invalid bearer token")
        .endStatus()
        .build();
  }

  private String token(RecordedRequest request) {
    return review(request).getSpec().getToken();
  }

  /** Reads the body without consuming it: both the status code and the body need it. */
  private TokenReview review(RecordedRequest request) {
    return json.unmarshal(
        new String(request.getBody().getBytes(), StandardCharsets.UTF_8), TokenReview.class);
  }

  @Override
  public Headers getHeaders() {
    return headers;
  }

  @Override
  public void setHeaders(Headers headers) {
    this.headers = headers;
  }
}
