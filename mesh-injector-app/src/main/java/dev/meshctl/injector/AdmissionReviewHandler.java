package dev.meshctl.injector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshctl.injection.InjectionResult;
import dev.meshctl.injection.PodInjector;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Answers one AdmissionReview v1: reads the pod, asks {@link PodInjector} and returns its JSON
 * Patch. Every answer allows the pod: a review that cannot be read, a namespace that cannot be
 * looked up or a bad annotation gives an answer with a warning (which kubectl shows), never an
 * error, so that the webhook is never the reason a pod is not created.
 */
final class AdmissionReviewHandler {

  private static final Logger log = LoggerFactory.getLogger(AdmissionReviewHandler.class);

  static final String ADMISSION_API_VERSION = "admission.k8s.io/v1";
  static final String JSON_PATCH = "JSONPatch";

  private final PodInjector injector;
  private final NamespaceAnnotations namespaces;
  private final boolean clusterSupportsNativeSidecars;
  private final AdmissionRecorder recorder;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final ObjectMapper json = new ObjectMapper();

  AdmissionReviewHandler(
      PodInjector injector,
      NamespaceAnnotations namespaces,
      boolean clusterSupportsNativeSidecars,
      AdmissionRecorder recorder) {
    this.injector = injector;
    this.namespaces = namespaces;
    this.clusterSupportsNativeSidecars = clusterSupportsNativeSidecars;
    this.recorder = recorder;
  }

  /** The answer to the review in {@code body}, as JSON. */
  Mono<String> handle(String body) {
    return Mono.defer(() -> review(body))
        .onErrorResume(
            e -> {
              // Not expected: every known failure is answered above. Still an answer, not a 500.
              log.error("Allowing without injection: the review could not be handled", e);
              return Mono.just(
                  error(
                      "",
                      "meshctl injector: the review could not be handled (" + describe(e) + ")"));
            })
        .map(serialization::asJson);
  }

  Mono<AdmissionReview> review(String body) {
    AdmissionReview review;
    try {
      review = read(body);
    } catch (UnreadableReviewException e) {
      return Mono.just(error("", "meshctl injector: " + e.getMessage()));
    }
    AdmissionRequest request = review.getRequest();
    String uid = request.getUid() == null ? "" : request.getUid();
    GroupVersionKind kind = request.getKind();
    if (kind == null
        || !"Pod".equals(kind.getKind())
        || !(kind.getGroup() == null || kind.getGroup().isEmpty())) {
      return Mono.just(
          error(uid, "meshctl injector: the request is for a " + describe(kind) + ", not a Pod"));
    }
    if (!(request.getObject() instanceof Pod pod)) {
      return Mono.just(error(uid, "meshctl injector: the request's object is not a Pod"));
    }
    if (request.getOperation() != null && !"CREATE".equals(request.getOperation())) {
      return Mono.just(skipped(uid, "operation " + request.getOperation() + " is not injected"));
    }
    String namespace =
        request.getNamespace() != null && !request.getNamespace().isEmpty()
            ? request.getNamespace()
            : pod.getMetadata() == null ? null : pod.getMetadata().getNamespace();
    if (namespace == null || namespace.isEmpty()) {
      return Mono.just(error(uid, "meshctl injector: the request names no namespace"));
    }
    String podName = podName(pod, namespace);
    return namespaces
        .of(namespace)
        .map(annotations -> answer(uid, podName, pod, namespace, annotations))
        .onErrorResume(
            e -> {
              log.warn(
                  "Not injecting {}: namespace {} could not be read: {}",
                  podName,
                  namespace,
                  e.toString());
              return Mono.just(
                  error(
                      uid,
                      "meshctl injector: pod not injected, namespace "
                          + namespace
                          + " could not be read ("
                          + describe(e)
                          + ")"));
            });
  }

  private AdmissionReview answer(
      String uid, String podName, Pod pod, String namespace, Map<String, String> annotations) {
    InjectionResult result;
    try {
      result = injector.inject(pod, namespace, annotations, clusterSupportsNativeSidecars);
    } catch (RuntimeException e) {
      // A pod shape the injector did not expect: let the pod through rather than fail its creation.
      log.error("Not injecting {}: the injector failed", podName, e);
      return error(
          uid, "meshctl injector: pod not injected, the injector failed (" + describe(e) + ")");
    }
    if (result.injected()) {
      log.info("Injected {}: {}", podName, result.reason());
      recorder.record(AdmissionOutcome.INJECTED);
      AdmissionReview review = allowed(uid, List.of());
      review.getResponse().setPatchType(JSON_PATCH);
      review.getResponse().setPatch(base64(result));
      return review;
    }
    if (result.invalidAnnotation()) {
      log.warn("{}: {}", podName, result.reason());
      recorder.record(AdmissionOutcome.ERROR);
      return allowed(uid, List.of("meshctl injector: pod " + result.reason()));
    }
    log.debug("Not injecting {}: {}", podName, result.reason());
    recorder.record(AdmissionOutcome.SKIPPED);
    return allowed(uid, List.of());
  }

  private AdmissionReview read(String body) throws UnreadableReviewException {
    if (body == null || body.isBlank()) {
      throw new UnreadableReviewException("the AdmissionReview is empty");
    }
    JsonNode tree;
    try {
      tree = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UnreadableReviewException(
          "the AdmissionReview is not valid JSON (" + shorten(e.getOriginalMessage()) + ")");
    }
    if (tree == null || !tree.isObject()) {
      throw new UnreadableReviewException("the AdmissionReview is not a JSON object");
    }
    String apiVersion = tree.path("apiVersion").asText("");
    String kind = tree.path("kind").asText("");
    if (!ADMISSION_API_VERSION.equals(apiVersion) || !"AdmissionReview".equals(kind)) {
      throw new UnreadableReviewException(
          "expected an AdmissionReview of "
              + ADMISSION_API_VERSION
              + ", got kind \""
              + kind
              + "\" of \""
              + apiVersion
              + "\"");
    }
    AdmissionReview review;
    try {
      review = serialization.convertValue(tree, AdmissionReview.class);
    } catch (RuntimeException e) {
      throw new UnreadableReviewException(
          "the AdmissionReview cannot be read (" + describe(e) + ")");
    }
    if (review.getRequest() == null) {
      throw new UnreadableReviewException("the AdmissionReview has no request");
    }
    return review;
  }

  private AdmissionReview error(String uid, String warning) {
    log.warn("Allowing without injection: {}", warning);
    recorder.record(AdmissionOutcome.ERROR);
    return allowed(uid, List.of(warning));
  }

  private AdmissionReview skipped(String uid, String reason) {
    log.debug("Not injecting: {}", reason);
    recorder.record(AdmissionOutcome.SKIPPED);
    return allowed(uid, List.of());
  }

  private static AdmissionReview allowed(String uid, List<String> warnings) {
    AdmissionResponse response = new AdmissionResponse();
    response.setUid(uid);
    response.setAllowed(true);
    if (!warnings.isEmpty()) {
      response.setWarnings(warnings);
    }
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(ADMISSION_API_VERSION);
    review.setKind("AdmissionReview");
    review.setResponse(response);
    return review;
  }

  private String base64(InjectionResult result) {
    try {
      byte[] patch = json.writeValueAsString(result.patch()).getBytes(StandardCharsets.UTF_8);
      return Base64.getEncoder().encodeToString(patch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON Patch that cannot be written", e);
    }
  }

  private static String podName(Pod pod, String namespace) {
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      String generateName = pod.getMetadata() == null ? null : pod.getMetadata().getGenerateName();
      name = (generateName == null ? "" : generateName) + "*";
    }
    return namespace + "/" + name;
  }

  private static String describe(GroupVersionKind kind) {
    if (kind == null) {
      return "request without a kind";
    }
    String group =
        kind.getGroup() == null || kind.getGroup().isEmpty() ? "" : kind.getGroup() + "/";
    return group + kind.getVersion() + " " + kind.getKind();
  }

  /** Jackson's messages go on to describe the source location at length. */
  private static String shorten(String message) {
    if (message == null) {
      return "";
    }
    int location = message.indexOf(" (start marker");
    String first = location < 0 ? message : message.substring(0, location);
    int newline = first.indexOf('\n');
    return newline < 0 ? first : first.substring(0, newline);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static final class UnreadableReviewException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableReviewException(String message) {
      super(message, null, false, false);
    }
  }
}
