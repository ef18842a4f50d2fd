package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CounterMathTest {

  @Test
  void increaseIsTheDifference_whenTheCounterOnlyGrows() {
    assertThat(CounterMath.increase(Arrays.asList(10.0, 15.0, 30.0))).isEqualTo(20.0);
  }

  @Test
  void aLowerValueIsAReset_countedFromZero() {
    // 10 -> 25 (+15), restart, 4 (+4), 9 (+5).
    assertThat(CounterMath.increase(Arrays.asList(10.0, 25.0, 4.0, 9.0))).isEqualTo(24.0);
  }

  @Test
  void aSeriesThatAppearsLaterCountsFromZero_andOneThatVanishesResetsIt() {
    assertThat(CounterMath.increase(Arrays.asList(null, 3.0, 5.0))).isEqualTo(5.0);
    assertThat(CounterMath.increase(Arrays.asList(7.0, null, 2.0))).isEqualTo(2.0);
  }

  @Test
  void oneSampleOrNone_noIncrease() {
    assertThat(CounterMath.increase(Arrays.asList(5.0))).isZero();
    assertThat(CounterMath.increase(Arrays.asList())).isZero();
  }
}
