package dev.meshctl.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** A render of a chart, parsed document by document into fabric8's typed Kubernetes classes. */
record Rendered(String yaml, List<HasMetadata> objects) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Rendered parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(document);
      if (tree == null) {
        continue; // comments only, e.g. a template that rendered nothing
      }
      Object object = SERIALIZATION.unmarshal(document);
      assertThat(object)
          .as("a typed Kubernetes object, not a generic one:\n%s", document)
          .isInstanceOf(HasMetadata.class)
          .isNotInstanceOf(GenericKubernetesResource.class);
      objects.add((HasMetadata) object);
    }
    return new Rendered(yaml, List.copyOf(objects));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () -> new AssertionError("no " + type.getSimpleName() + " " + name + " in the render"));
  }
}
