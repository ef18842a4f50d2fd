package dev.meshctl.injection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What {@link PodInjector} did with a pod.
 *
 * @param injected whether the proxy was added
 * @param reason why the pod was skipped, or a short summary of what was added
 * @param pod the patched copy when injected, else a copy equal to the input
 * @param patch the RFC 6902 JSON Patch from the input pod to {@link #pod}; empty when skipped
 * @param invalidAnnotation whether the pod was skipped because a {@code config.meshctl.dev/*}
 *     annotation (on the pod or its namespace) has a bad value: a mistake to report, which the
 *     webhook turns into a warning, unlike an ordinary skip
 */
public record InjectionResult(
    boolean injected, String reason, Pod pod, ArrayNode patch, boolean invalidAnnotation) {

  public InjectionResult(boolean injected, String reason, Pod pod, ArrayNode patch) {
    this(injected, reason, pod, patch, false);
  }
}
