package dev.meshctl.injector;

import java.util.Map;
import reactor.core.publisher.Mono;

/** The annotations of a namespace, which opt its pods in and set their proxy defaults. */
interface NamespaceAnnotations {

  /**
   * The namespace's annotations (empty when it has none or does not exist); an error if unknown.
   */
  Mono<Map<String, String>> of(String namespace);
}
