package dev.meshctl.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void stillGettingFaster_isNotSettled() {
    assertThat(Warmup.settled(List.of(100.0, 200.0, 300.0, 400.0))).isFalse();
  }

  @Test
  void aSlowSteadyRise_isNotAPlateau() {
    // 4% a slice passes a slice-to-slice test, but is 8% over two.
    assertThat(Warmup.settled(List.of(2000.0, 2080.0, 2163.0, 2250.0))).isFalse();
  }

  @Test
  void twoSlicesNoFasterThanTheBestBefore_areSettled() {
    assertThat(Warmup.settled(List.of(1000.0, 2000.0, 2050.0, 2020.0))).isTrue();
  }

  @Test
  void recoveringFromADisturbedSlice_isNotProgress() {
    assertThat(Warmup.settled(List.of(1000.0, 2000.0, 1200.0, 2040.0))).isTrue();
  }

  @Test
  void twoSlices_areNotEnoughToTell() {
    assertThat(Warmup.settled(List.of(100.0, 100.0))).isFalse();
  }
}
