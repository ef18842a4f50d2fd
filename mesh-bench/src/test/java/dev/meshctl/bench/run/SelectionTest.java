package dev.meshctl.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which configurations --only runs. */
class SelectionTest {

  @Test
  void mtlsPair_bringsThePlaintextPair_itsReference() {
    List<String> only = Selection.withReferences(List.of("mesh-pair-mtls"));

    assertThat(only).containsExactly("mesh-pair-mtls", "mesh-pair");
    assertThat(Selection.runs(only, "mesh-pair")).isTrue();
    assertThat(Selection.runs(only, "nginx-two-hops")).isFalse();
  }

  @Test
  void direct_alwaysRuns_andNoSelectionRunsEverything() {
    assertThat(Selection.runs(Selection.withReferences(List.of("nginx-one-hop")), "direct"))
        .isTrue();
    assertThat(Selection.withReferences(List.of())).isEmpty();
    assertThat(Selection.runs(List.of(), "haproxy-two-hops")).isTrue();
  }

  @Test
  void aSelectionWithBothPairs_isLeftAsItIs() {
    assertThat(Selection.withReferences(List.of("mesh-pair", "mesh-pair-mtls")))
        .containsExactly("mesh-pair", "mesh-pair-mtls");
  }
}
