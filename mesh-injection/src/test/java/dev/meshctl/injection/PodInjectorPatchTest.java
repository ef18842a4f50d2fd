package dev.meshctl.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every fixture and both modes: the JSON Patch, applied to the original pod as the API server
 * would, gives exactly the patched pod; and uninjecting gives back the original.
 */
class PodInjectorPatchTest {

  private final PodInjector injector = new PodInjector(TestPods.config());

  static Stream<Arguments> fixturesAndModes() {
    return TestPods.FIXTURES.stream()
        .flatMap(fixture -> Stream.of(Arguments.of(fixture, true), Arguments.of(fixture, false)));
  }

  @ParameterizedTest(name = "{0}, native sidecar {1}")
  @MethodSource("fixturesAndModes")
  void patchAppliedToTheOriginal_isThePatchedPod(String fixture, boolean nativeSidecar) {
    Pod original = TestPods.load(fixture);
    JsonNode before = TestPods.json(original);

    InjectionResult result =
        injector.injectExplicitly(original, original.getMetadata().getNamespace(), nativeSidecar);

    assertThat(result.injected()).as(result.reason()).isTrue();
    assertThat(TestPods.applyPatch(original, result)).isEqualTo(TestPods.json(result.pod()));
    assertThat(TestPods.json(original)).as("the input is not changed").isEqualTo(before);
    assertThat(result.patch()).allSatisfy(op -> assertThat(op.get("op").asText()).isEqualTo("add"));
  }

  @ParameterizedTest(name = "{0}, native sidecar {1}")
  @MethodSource("fixturesAndModes")
  void injectThenUninject_isTheOriginal(String fixture, boolean nativeSidecar) {
    Pod original = TestPods.load(fixture);
    Pod injected =
        injector
            .injectExplicitly(original, original.getMetadata().getNamespace(), nativeSidecar)
            .pod();

    UninjectResult result = injector.uninject(injected);

    assertThat(result.changed()).isTrue();
    assertThat(result.pod()).isEqualTo(original);
    assertThat(TestPods.json(result.pod())).isEqualTo(TestPods.json(original));
    assertThat(PodInjector.isInjected(injected)).as("the input is not changed").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.meshctl.injection.TestPods#fixtures")
  void uninjectingAPodWithoutTheProxy_changesNothing(String fixture) {
    Pod original = TestPods.load(fixture);

    UninjectResult result = injector.uninject(original);

    assertThat(result.changed()).isFalse();
    assertThat(result.pod()).isEqualTo(original);
  }

  @Test
  void patchKeys_escapeSlashAndTilde() {
    assertThat(JsonPatchBuilder.escape("example.com/owner~team"))
        .isEqualTo("example.com~1owner~0team");
    assertThat(JsonPatchBuilder.escape("~/")).isEqualTo("~0~1");
  }

  @Test
  void existingAnnotationWithTildeAndSlash_survivesThePatch() {
    Pod original = TestPods.load("deployment-pod-with-init.yaml");
    InjectionResult result = injector.inject(original, "emojivoto", java.util.Map.of(), true);

    JsonNode patched = TestPods.applyPatch(original, result);

    assertThat(patched.at("/metadata/annotations/example.com~1owner~0team").asText())
        .isEqualTo("voting");
    assertThat(patched.at("/metadata/annotations/meshctl.dev~1inject-mode").asText())
        .isEqualTo("native");
  }
}
