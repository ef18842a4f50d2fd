package dev.meshctl.proxy.discovery.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Backoff NO_JITTER =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0);

  @Test
  void delays_doubleFrom500msAndStopAt30s() {
    assertThat(NO_JITTER.delay(1, 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(NO_JITTER.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(NO_JITTER.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(NO_JITTER.delay(7, 0.5)).isEqualTo(Duration.ofSeconds(30)); // 32 s, capped
    assertThat(NO_JITTER.delay(1_000_000, 0.5)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitter_scalesTheDelayWithinItsBounds() {
    Backoff backoff = Backoff.DEFAULT;

    assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(1, 0.999999))
        .isBetween(Duration.ofMillis(599), Duration.ofMillis(600));
    assertThat(backoff.delay(20, 0)).isEqualTo(Duration.ofSeconds(24));
  }

  @Test
  void badSettings_areRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1));
    assertThatIllegalArgumentException().isThrownBy(() -> NO_JITTER.delay(0, 0));
  }
}
