package dev.meshctl.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BalancerConfigTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void defaults_areLinkerds() {
    assertThat(BalancerConfig.defaults())
        .isEqualTo(
            new BalancerConfig(
                Duration.ofSeconds(10), Duration.ofMillis(30), 7, SECOND, Duration.ofMinutes(1)));
  }

  @Test
  void nonPositiveDurations_areRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BalancerConfig(Duration.ZERO, SECOND, 7, SECOND, SECOND))
        .withMessage("decay PT0S is not a positive duration");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BalancerConfig(SECOND, SECOND, 7, SECOND.negated(), SECOND));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BalancerConfig(SECOND, null, 7, SECOND, SECOND));
  }

  @Test
  void zeroFailuresToEject_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BalancerConfig(SECOND, SECOND, 0, SECOND, SECOND))
        .withMessage("failuresToEject 0 is not at least 1");
  }

  @Test
  void maxBackoffShorterThanMin_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BalancerConfig(SECOND, SECOND, 7, SECOND, Duration.ofMillis(500)))
        .withMessage("maxBackoff PT0.5S is shorter than minBackoff PT1S");
  }
}
