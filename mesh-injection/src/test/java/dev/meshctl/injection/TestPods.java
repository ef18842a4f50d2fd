package dev.meshctl.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.PemFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pod fixtures under src/test/resources/pods, and a config with a freshly made trust anchor.
 */
final class TestPods {

  static final List<String> FIXTURES =
      List.of(
          "deployment-pod.yaml",
          "deployment-pod-with-init.yaml",
          "job-pod.yaml",
          "annotated-pod.yaml");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  /** One trust anchor per test run; no key is ever committed. */
  static final String TRUST_ANCHORS_PEM =
      PemFiles.certificatesToPem(
          List.of(
              new CaGenerator(Clock.systemUTC())
                  .generate("cluster.local", "meshctl-system")
                  .trustAnchor()));

  private TestPods() {}

  /** The fixtures as a JUnit method source. */
  static Stream<String> fixtures() {
    return FIXTURES.stream();
  }

  static Pod load(String fixture) {
    try (InputStream in = TestPods.class.getResourceAsStream("/pods/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + fixture);
      }
      return YAML.readValue(in, Pod.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contract's example config, with the generated trust anchor and {@code extra} lines. */
  static InjectionConfig config(String... proxyLines) {
    StringBuilder yaml =
        new StringBuilder(
            """
            version: 0.1.0
            controlPlaneNamespace: meshctl-system
            clusterDomain: cluster.local
            trustDomain: cluster.local
            tokenAudience: identity.meshctl.dev
            trustAnchorsPEM: |
            """);
    TRUST_ANCHORS_PEM.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
    yaml.append(
        """
        proxy:
          image: ghcr.io/meshctl/mesh-proxy:0.1.0
          imagePullPolicy: IfNotPresent
          uid: 2102
          logLevel: info
          cpuRequest: 100m
          memoryRequest: 32Mi
          cpuLimit: ""
          memoryLimit: 128Mi
        """);
    for (String line : proxyLines) {
      yaml.append("  ").append(line).append('\n');
    }
    return InjectionConfig.parse(yaml.toString());
  }

  static JsonNode json(Pod pod) {
    return JSON.valueToTree(pod);
  }

  /** What the API server would store: the patch applied to the original pod's JSON. */
  static JsonNode applyPatch(Pod original, InjectionResult result) {
    return JsonPatch.apply(result.patch(), json(original));
  }

  static List<String> names(List<Container> containers) {
    return containers.stream().map(Container::getName).toList();
  }

  static List<String> volumeNames(List<Volume> volumes) {
    return volumes.stream().map(Volume::getName).toList();
  }

  static Container container(List<Container> containers, String name) {
    return containers.stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + names(containers)));
  }

  /** Literal env values by name; downward-API variables map to their field path. */
  static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName,
                e ->
                    e.getValue() != null
                        ? e.getValue()
                        : e.getValueFrom().getFieldRef().getFieldPath(),
                (a, b) -> b,
                java.util.LinkedHashMap::new));
  }
}
