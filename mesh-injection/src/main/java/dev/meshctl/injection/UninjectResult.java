package dev.meshctl.injection;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What {@link PodInjector#uninject} did.
 *
 * @param changed whether anything the injector adds was found and removed
 * @param pod the pod without the proxy (a copy; the input is never changed)
 */
public record UninjectResult(boolean changed, Pod pod) {}
