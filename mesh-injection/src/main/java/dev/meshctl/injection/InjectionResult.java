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
 */
public record InjectionResult(boolean injected, String reason, Pod pod, ArrayNode patch) {}
