package dev.meshctl.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void aSliceFasterThanEveryOneBefore_isStillWarmingUp() {
    assertThat(Warmup.noNewHigh(List.of(100.0, 200.0, 300.0), 2)).isFalse();
  }

  @Test
  void aSliceWithinFivePercentOfTheFastest_hasSettled() {
    assertThat(Warmup.noNewHigh(List.of(100.0, 200.0, 209.0), 2)).isTrue();
  }

  @Test
  void recoveringFromADip_isNotProgress() {
    assertThat(Warmup.noNewHigh(List.of(200.0, 120.0, 205.0), 2)).isTrue();
  }

  @Test
  void theFirstSlice_hasNothingToCompareWith() {
    assertThat(Warmup.noNewHigh(List.of(100.0), 0)).isFalse();
  }
}
