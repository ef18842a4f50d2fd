package dev.meshctl.injector;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a namespace from the Kubernetes API for every admission, off the event loop and within a
 * short timeout: a namespace annotated a moment ago must count, and a slow API server must not hold
 * pod creation for longer than the webhook's own timeout.
 */
final class KubernetesNamespaceAnnotations implements NamespaceAnnotations {

  private final KubernetesClient client;
  private final Duration timeout;

  KubernetesNamespaceAnnotations(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public Mono<Map<String, String>> of(String namespace) {
    return Mono.fromCallable(
            () -> Optional.ofNullable(client.namespaces().withName(namespace).get()))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(timeout)
        .map(
            found ->
                found
                    .map(Namespace::getMetadata)
                    .map(
                        meta ->
                            meta.getAnnotations() == null
                                ? Map.<String, String>of()
                                : meta.getAnnotations())
                    .orElse(Map.of()));
  }
}
