package dev.meshctl.proxy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetSpecTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @Test
  void default_isLinkerds() {
    assertThat(RetryBudgetSpec.DEFAULT)
        .isEqualTo(new RetryBudgetSpec(0.2, 10, Duration.ofSeconds(10)));
  }

  @Test
  void limits_areAccepted() {
    new RetryBudgetSpec(0, 0, Duration.ofSeconds(1));
    new RetryBudgetSpec(1000, Integer.MAX_VALUE, Duration.ofSeconds(60));
    new RetryBudgetSpec(0.25, 1, Duration.ofMillis(1500));
  }

  @Test
  void negativeRatio_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(-0.5, 10, TEN_SECONDS))
        .withMessage("retryRatio: -0.5 must be at least 0");
  }

  @Test
  void ratioAbove1000OrNaN_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(1001, 10, TEN_SECONDS))
        .withMessage("retryRatio: 1001 must be at most 1000, as in Linkerd");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(Double.POSITIVE_INFINITY, 10, TEN_SECONDS))
        .withMessage("retryRatio: Infinity must be at most 1000, as in Linkerd");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(Double.NaN, 10, TEN_SECONDS))
        .withMessage("retryRatio: NaN is not a number from 0 to 1000");
  }

  @Test
  void negativeMinRetriesPerSecond_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(0.2, -1, TEN_SECONDS))
        .withMessage("minRetriesPerSecond: -1 must be at least 0");
  }

  @Test
  void ttlOutside1To60Seconds_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(0.2, 10, Duration.ofMillis(999)))
        .withMessage("ttl: 999ms must be from 1s to 60s, as in Linkerd");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudgetSpec(0.2, 10, Duration.ofSeconds(61)))
        .withMessage("ttl: 61s must be from 1s to 60s, as in Linkerd");
  }
}
