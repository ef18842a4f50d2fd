package dev.meshctl.proxy.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(5 * SECOND + 123);

  private int admitted(RateLimit limit, int attempts) {
    int taken = 0;
    for (int i = 0; i < attempts; i++) {
      if (limit.tryAcquire()) {
        taken++;
      }
    }
    return taken;
  }

  @Test
  void admitsAtMostTheRateInOneSecond() {
    RateLimit limit = new RateLimit(10, now::get);

    assertThat(admitted(limit, 25)).isEqualTo(10);
    now.addAndGet(SECOND / 2);
    assertThat(admitted(limit, 25)).isZero();
  }

  @Test
  void nextSecond_admitsAgain() {
    RateLimit limit = new RateLimit(3, now::get);
    admitted(limit, 5);

    now.addAndGet(SECOND);

    assertThat(admitted(limit, 5)).isEqualTo(3);
  }

  @Test
  void aLongPause_startsAFreshWindow() {
    RateLimit limit = new RateLimit(2, now::get);
    admitted(limit, 2);

    now.addAndGet(3_600 * SECOND);

    assertThat(admitted(limit, 5)).isEqualTo(2);
  }

  @Test
  void negativeClockValues_work() {
    now.set(-7 * SECOND + 5);
    RateLimit limit = new RateLimit(4, now::get);

    assertThat(admitted(limit, 9)).isEqualTo(4);
    now.addAndGet(SECOND);
    assertThat(admitted(limit, 9)).isEqualTo(4);
  }

  @Test
  void rateOutOfRange_isRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(0, now::get));
    assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(1 << 24, now::get));
  }
}
