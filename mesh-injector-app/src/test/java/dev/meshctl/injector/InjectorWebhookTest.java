package dev.meshctl.injector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole webhook over real HTTPS (a certificate made for this run), its namespaces in fabric8's
 * mock API server (CRUD mode, Kubernetes 1.30), fed the AdmissionReviews under
 * src/test/resources/reviews as the API server would send them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.server.port=0")
@ContextConfiguration(initializers = InjectorWebhookTest.MockApiServer.class)
class InjectorWebhookTest {

  private static final Path FOLDER = tempFolder();
  private static final ServingCertificate CERTIFICATE = ServingCertificate.create(FOLDER);
  private static final Map<ServerRequest, Queue<ServerResponse>> RESPONSES = new HashMap<>();
  private static final KubernetesMockServer API_SERVER =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          RESPONSES,
          new KubernetesMixedDispatcher(RESPONSES),
          false);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Hands the app a client of the mock API server, which holds the test's namespaces. */
  static final class MockApiServer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      API_SERVER.init();
      API_SERVER.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30").build());
      API_SERVER
          .expect()
          .get()
          .withPath("/api/v1/namespaces/broken")
          .andReturn(500, "etcd is having a bad day")
          .always();
      KubernetesClient client = clientWithoutRetries();
      namespace(client, "emojivoto", Map.of("meshctl.dev/inject", "enabled"));
      namespace(client, "plain", Map.of());
      namespace(client, "meshctl-system", Map.of("meshctl.dev/inject", "disabled"));
      context.getBeanFactory().registerSingleton("kubernetesClient", client);
    }

    private static KubernetesClient clientWithoutRetries() {
      Config config;
      try (KubernetesClient mockClient = API_SERVER.createClient()) {
        config =
            new ConfigBuilder(mockClient.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .build();
      }
      return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static void namespace(
        KubernetesClient client, String name, Map<String, String> annotations) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withAnnotations(annotations)
                  .endMetadata()
                  .build())
          .create();
    }
  }

  @DynamicPropertySource
  static void injectorProperties(DynamicPropertyRegistry registry) throws IOException {
    StringBuilder config = new StringBuilder("version: 0.1.0\ntrustAnchorsPEM: |\n");
    CERTIFICATE.certificatePem().lines().forEach(l -> config.append("  ").append(l).append('\n'));
    Path configFile = Files.writeString(FOLDER.resolve("config.yaml"), config.toString());
    registry.add("mesh.injector.config-file", configFile::toString);
    registry.add("mesh.injector.tls.cert-file", CERTIFICATE.certFile::toString);
    registry.add("mesh.injector.tls.key-file", CERTIFICATE.keyFile::toString);
  }

  @AfterAll
  static void stopApiServer() {
    API_SERVER.destroy();
  }

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  private final HttpClient https =
      HttpClient.newBuilder()
          .sslContext(CERTIFICATE.clientContext())
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  void deploymentPodInAnnotatedNamespace_getsThePatch() throws Exception {
    double injectedBefore = admissions("injected");
    String review = fixture("deployment-pod-review.json");

    JsonNode response = post(review).get("response");

    assertThat(response.get("uid").asText()).isEqualTo("3f0c5d1e-7a2b-4c8d-9e0f-1a2b3c4d5e6f");
    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(response.has("warnings")).isFalse();
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
    JsonNode original = JSON.readTree(review).at("/request/object");
    JsonNode pod = JsonPatch.apply(patch, original);

    assertThat(names(pod.at("/spec/initContainers")))
        .as("Kubernetes 1.30: a native sidecar")
        .containsExactly("mesh-init", "mesh-proxy");
    assertThat(names(pod.at("/spec/containers"))).containsExactly("web");
    assertThat(pod.at("/spec/containers/0")).isEqualTo(original.at("/spec/containers/0"));
    assertThat(pod.at("/spec/initContainers/1/restartPolicy").asText()).isEqualTo("Always");
    assertThat(pod.at("/spec/initContainers/1/startupProbe/httpGet/path").asText())
        .isEqualTo("/ready");
    assertThat(pod.at("/spec/initContainers/1/securityContext/runAsUser").asLong()).isEqualTo(2102);
    assertThat(pod.at("/spec/initContainers/0/args").toString()).contains("--proxy-uid", "2102");
    assertThat(names(pod.at("/spec/volumes")))
        .containsExactly(
            "kube-api-access-abcde",
            "meshctl-identity-token",
            "meshctl-proxy-tmp",
            "meshctl-init-xtables-lock");
    assertThat(pod.at("/metadata/annotations/meshctl.dev~1proxy-version").asText())
        .isEqualTo("0.1.0");
    assertThat(pod.at("/metadata/annotations/meshctl.dev~1inject-mode").asText())
        .isEqualTo("native");
    assertThat(env(pod.at("/spec/initContainers/1")))
        .containsEntry("MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM", CERTIFICATE.certificatePem())
        .containsEntry(
            "MESH_PROXY_DESTINATION_SVC_ADDR",
            "meshctl-destination.meshctl-system.svc.cluster.local:8086");
    assertThat(admissions("injected")).isEqualTo(injectedBefore + 1);
  }

  @Test
  void podOptOut_isAllowedWithoutAPatch() throws Exception {
    double skippedBefore = admissions("skipped");

    JsonNode response = post(fixture("opt-out-review.json")).get("response");

    assertAllowedUnchanged(response, "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    assertThat(response.has("warnings")).isFalse();
    assertThat(admissions("skipped")).isEqualTo(skippedBefore + 1);
  }

  @Test
  void unannotatedNamespace_isAllowedWithoutAPatch() throws Exception {
    double skippedBefore = admissions("skipped");

    JsonNode response = post(inNamespace("deployment-pod-review.json", "plain")).get("response");

    assertAllowedUnchanged(response, "3f0c5d1e-7a2b-4c8d-9e0f-1a2b3c4d5e6f");
    assertThat(response.has("warnings")).isFalse();
    assertThat(admissions("skipped")).isEqualTo(skippedBefore + 1);
  }

  @Test
  void controlPlaneNamespace_isAllowedWithoutAPatch() throws Exception {
    ObjectNode review =
        (ObjectNode) JSON.readTree(inNamespace("deployment-pod-review.json", "meshctl-system"));
    ((ObjectNode) review.at("/request/object/metadata"))
        .putObject("annotations")
        .put("meshctl.dev/inject", "enabled");

    JsonNode response = post(review.toString()).get("response");

    assertAllowedUnchanged(response, "3f0c5d1e-7a2b-4c8d-9e0f-1a2b3c4d5e6f");
  }

  @Test
  void badAnnotation_isAllowedWithAWarningNamingIt() throws Exception {
    double errorsBefore = admissions("error");

    JsonNode response = post(fixture("bad-annotation-review.json")).get("response");

    assertAllowedUnchanged(response, "7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e");
    assertThat(warnings(response))
        .containsExactly(
            "meshctl injector: pod not injected: annotation config.meshctl.dev/skip-outbound-ports"
                + " on the pod has \"postgres\", which is not a port number or range");
    assertThat(admissions("error")).isEqualTo(errorsBefore + 1);
  }

  @Test
  void malformedJson_isAllowedWithAWarning_andAnEmptyUid() throws Exception {
    double errorsBefore = admissions("error");

    JsonNode answer = post(fixture("malformed.json"));

    assertThat(answer.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.get("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = answer.get("response");
    assertAllowedUnchanged(response, "");
    assertThat(warnings(response))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("meshctl injector: the AdmissionReview is not valid JSON");
    assertThat(admissions("error")).isEqualTo(errorsBefore + 1);
  }

  @Test
  void reviewWithoutRequest_isAllowedWithAWarning() throws Exception {
    JsonNode response =
        post("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")
            .get("response");

    assertAllowedUnchanged(response, "");
    assertThat(warnings(response))
        .containsExactly("meshctl injector: the AdmissionReview has no request");
  }

  @Test
  void nonPodObject_isAllowedWithAWarning() throws Exception {
    double errorsBefore = admissions("error");

    JsonNode response = post(fixture("service-review.json")).get("response");

    assertAllowedUnchanged(response, "8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f");
    assertThat(warnings(response))
        .containsExactly("meshctl injector: the request is for a v1 Service, not a Pod");
    assertThat(admissions("error")).isEqualTo(errorsBefore + 1);
  }

  @Test
  void namespaceThatCannotBeRead_isAllowedWithAWarning() throws Exception {
    JsonNode response = post(inNamespace("deployment-pod-review.json", "broken")).get("response");

    assertAllowedUnchanged(response, "3f0c5d1e-7a2b-4c8d-9e0f-1a2b3c4d5e6f");
    assertThat(warnings(response))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("meshctl injector: pod not injected, namespace broken could not be read");
  }

  @Test
  void admissionsCounter_listsEveryOutcome() throws Exception {
    String metrics = prometheus();

    assertThat(metrics)
        .contains("# TYPE injector_admissions_total counter")
        .containsPattern("injector_admissions_total\\{[^}]*outcome=\"injected\"")
        .containsPattern("injector_admissions_total\\{[^}]*outcome=\"skipped\"")
        .containsPattern("injector_admissions_total\\{[^}]*outcome=\"error\"");
  }

  private static void assertAllowedUnchanged(JsonNode response, String uid) {
    assertThat(response.get("uid").asText()).isEqualTo(uid);
    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
    assertThat(response.has("patchType")).isFalse();
  }

  private JsonNode post(String body) throws Exception {
    HttpResponse<String> response =
        https.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/inject"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private String prometheus() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private double admissions(String outcome) throws Exception {
    Matcher matcher =
        Pattern.compile(
                "^injector_admissions_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(prometheus());
    assertThat(matcher.find()).as("a series for outcome " + outcome).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private static String inNamespace(String fixture, String namespace) throws IOException {
    ObjectNode review = (ObjectNode) JSON.readTree(fixture(fixture));
    ((ObjectNode) review.get("request")).put("namespace", namespace);
    ((ObjectNode) review.at("/request/object/metadata")).put("namespace", namespace);
    return review.toString();
  }

  private static String fixture(String name) {
    try (InputStream in = InjectorWebhookTest.class.getResourceAsStream("/reviews/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.get("name").asText()));
    return names;
  }

  private static List<String> warnings(JsonNode response) {
    List<String> warnings = new ArrayList<>();
    response.path("warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText()));
    return env;
  }

  private static Path tempFolder() {
    try {
      return Files.createTempDirectory("injector-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
