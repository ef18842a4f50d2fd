package dev.meshctl.injector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.injection.InjectionConfig;
import dev.meshctl.injection.PodInjector;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The handler on its own: no server, namespaces answered by a lambda, outcomes counted here. */
class AdmissionReviewHandlerTest {

  private static PodInjector injector;

  private final Map<AdmissionOutcome, Integer> outcomes = new EnumMap<>(AdmissionOutcome.class);
  private final AdmissionRecorder recorder = outcome -> outcomes.merge(outcome, 1, Integer::sum);

  @BeforeAll
  static void injector(@TempDir Path folder) {
    ServingCertificate certificate = ServingCertificate.create(folder);
    injector = new PodInjector(InjectionConfig.withDefaults(certificate.certificatePem()));
  }

  @Test
  void podInOptedInNamespace_isPatched_inClassicModeOnAnOldCluster() {
    AdmissionResponse response =
        handler(ns -> Mono.just(Map.of("meshctl.dev/inject", "enabled")), false)
            .review(review("CREATE"))
            .block()
            .getResponse();

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getUid()).isEqualTo("uid-1");
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");
    assertThat(new String(java.util.Base64.getDecoder().decode(response.getPatch())))
        .contains("\"path\":\"/spec/containers/0\"")
        .contains("\"meshctl.dev/inject-mode\":\"classic\"");
    assertThat(outcomes).containsExactly(Map.entry(AdmissionOutcome.INJECTED, 1));
  }

  @Test
  void updates_areNotInjected() {
    AdmissionResponse response =
        handler(ns -> Mono.just(Map.of("meshctl.dev/inject", "enabled")), true)
            .review(review("UPDATE"))
            .block()
            .getResponse();

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(outcomes).containsExactly(Map.entry(AdmissionOutcome.SKIPPED, 1));
  }

  @Test
  void slowNamespaceLookup_isAllowedWithAWarning() {
    AdmissionResponse response =
        handler(ns -> Mono.<Map<String, String>>never().timeout(Duration.ofMillis(50)), true)
            .review(review("CREATE"))
            .block()
            .getResponse();

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getWarnings())
        .singleElement()
        .asString()
        .startsWith("meshctl injector: pod not injected, namespace emojivoto could not be read");
    assertThat(outcomes).containsExactly(Map.entry(AdmissionOutcome.ERROR, 1));
  }

  @Test
  void emptyBody_isAllowedWithAWarning() {
    AdmissionResponse response =
        handler(ns -> Mono.just(Map.of()), true).review("").block().getResponse();

    assertThat(response.getUid()).isEmpty();
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getWarnings())
        .containsExactly("meshctl injector: the AdmissionReview is empty");
  }

  @Test
  void reviewOfAnotherApiVersion_isAllowedWithAWarning() {
    String v1beta1 = review("CREATE").replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    AdmissionResponse response =
        handler(ns -> Mono.just(Map.of()), true).review(v1beta1).block().getResponse();

    assertThat(response.getWarnings())
        .containsExactly(
            "meshctl injector: expected an AdmissionReview of admission.k8s.io/v1, got kind"
                + " \"AdmissionReview\" of \"admission.k8s.io/v1beta1\"");
  }

  @Test
  void answer_isAnAdmissionReviewV1() {
    String json = handler(ns -> Mono.just(Map.of()), true).handle(review("CREATE")).block();

    AdmissionReview answer = new KubernetesSerialization().unmarshal(json, AdmissionReview.class);
    assertThat(answer.getApiVersion()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.getKind()).isEqualTo("AdmissionReview");
    assertThat(answer.getRequest()).isNull();
    assertThat(answer.getResponse().getUid()).isEqualTo("uid-1");
  }

  private AdmissionReviewHandler handler(NamespaceAnnotations namespaces, boolean nativeSidecars) {
    return new AdmissionReviewHandler(injector, namespaces, nativeSidecars, recorder);
  }

  private static String review(String operation) {
    AdmissionReview review =
        new AdmissionReviewBuilder()
            .withNewRequest()
            .withUid("uid-1")
            .withNewKind("", "Pod", "v1")
            .withNamespace("emojivoto")
            .withOperation(operation)
            .withObject(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("web-0")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("web:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .endRequest()
            .build();
    return new KubernetesSerialization().asJson(review);
  }
}
