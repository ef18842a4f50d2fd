package dev.meshctl.controller.discovery.local;

import dev.meshctl.controller.discovery.DiscoveryObject;
import dev.meshctl.controller.discovery.KubernetesObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a YAML file of Kubernetes manifests (several documents separated by {@code ---}) into
 * discovery objects, through fabric8's model classes and {@link KubernetesObjects}: the same
 * translation as the informers'. Kinds discovery does not use are skipped.
 */
final class ManifestParser {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(#.*)?$");

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /**
   * @throws IllegalArgumentException naming the document (1-based), the object and the problem
   */
  List<DiscoveryObject> parse(String content) {
    List<DiscoveryObject> objects = new ArrayList<>();
    String[] documents = DOCUMENT_SEPARATOR.split(content);
    for (int i = 0; i < documents.length; i++) {
      String document = documents[i];
      if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
        continue;
      }
      Object parsed;
      try {
        parsed = serialization.unmarshal(document);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "document " + (i + 1) + ": not a Kubernetes object: " + rootMessage(e), e);
      }
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalArgumentException(
            "document " + (i + 1) + ": not a Kubernetes object with apiVersion, kind and metadata");
      }
      try {
        Optional<DiscoveryObject> translated = KubernetesObjects.translate(object);
        translated.ifPresent(objects::add);
      } catch (IllegalArgumentException e) {
        String name =
            object.getMetadata() == null ? "?" : String.valueOf(object.getMetadata().getName());
        throw new IllegalArgumentException(
            "document " + (i + 1) + " (" + object.getKind() + " " + name + "): " + e.getMessage(),
            e);
      }
    }
    return objects;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.toString() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
