package dev.meshctl.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.balance.FailureAccrual.State;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailureAccrualTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final VirtualClock clock = new VirtualClock();
  private final FailureAccrual accrual =
      new FailureAccrual(7, SECOND, 60 * SECOND, clock, new SplittableRandom(42));

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      accrual.failed(accrual.start());
    }
  }

  private long backoff() {
    return accrual.ejectedUntil() - clock.getAsLong();
  }

  /** Waits out the current ejection and fails the probe; returns the new backoff. */
  private long failProbe() {
    clock.advance(Duration.ofNanos(backoff()));
    assertThat(accrual.state()).isEqualTo(State.PROBING);
    boolean probe = accrual.start();
    assertThat(probe).isTrue();
    accrual.failed(probe);
    assertThat(accrual.state()).isEqualTo(State.EJECTED);
    return backoff();
  }

  @Test
  void sevenConsecutiveFailures_eject() {
    fail(6);
    assertThat(accrual.state()).isEqualTo(State.AVAILABLE);

    fail(1);

    assertThat(accrual.state()).isEqualTo(State.EJECTED);
    assertThat(accrual.acceptsRequests()).isFalse();
  }

  @Test
  void success_resetsTheConsecutiveFailureCount() {
    fail(6);
    accrual.succeeded(accrual.start());
    fail(6);

    assertThat(accrual.state()).isEqualTo(State.AVAILABLE);
  }

  @Test
  void firstBackoff_isOneSecondWithJitter() {
    fail(7);

    assertThat(backoff()).isBetween(800_000_000L, 1_200_000_000L);
  }

  @Test
  void afterTheBackoff_oneProbeIsLetThrough() {
    fail(7);
    clock.advance(Duration.ofNanos(backoff() - 1));
    assertThat(accrual.state()).isEqualTo(State.EJECTED);

    clock.advance(Duration.ofNanos(1));
    assertThat(accrual.state()).isEqualTo(State.PROBING);
    assertThat(accrual.acceptsRequests()).isTrue();

    assertThat(accrual.start()).as("the probe").isTrue();
    assertThat(accrual.acceptsRequests()).as("while the probe is in flight").isFalse();
    assertThat(accrual.start()).as("a second request").isFalse();
  }

  @Test
  void probeSuccess_restoresTheEndpoint_andResetsTheBackoff() {
    fail(7);
    failProbe();
    clock.advance(Duration.ofNanos(backoff()));

    accrual.succeeded(accrual.start());

    assertThat(accrual.state()).isEqualTo(State.AVAILABLE);
    fail(6);
    assertThat(accrual.state()).as("the failure count starts over").isEqualTo(State.AVAILABLE);
    fail(1);
    assertThat(backoff()).isBetween(800_000_000L, 1_200_000_000L);
  }

  @Test
  void probeFailure_reejectsWithDoubledJitteredBackoff() {
    fail(7);

    assertThat(failProbe()).isBetween(1_600_000_000L, 2_400_000_000L);
    assertThat(failProbe()).isBetween(3_200_000_000L, 4_800_000_000L);
  }

  @Test
  void backoff_isJittered() {
    fail(7);
    long first = backoff();
    clock.advance(Duration.ofNanos(first));
    accrual.succeeded(accrual.start());
    fail(7);

    assertThat(backoff()).isNotEqualTo(first);
  }

  @Test
  void backoff_isCappedAtSixtySeconds() {
    fail(7);
    for (int i = 0; i < 6; i++) {
      failProbe(); // 2, 4, 8, 16, 32 s, then 60 s
    }
    for (int i = 0; i < 20; i++) {
      assertThat(failProbe()).isBetween(48 * SECOND, 60 * SECOND);
    }
  }

  @Test
  void cancelledProbe_letsTheNextRequestProbe() {
    fail(7);
    clock.advance(Duration.ofNanos(backoff()));
    accrual.cancelled(accrual.start());

    assertThat(accrual.state()).isEqualTo(State.PROBING);
    assertThat(accrual.acceptsRequests()).isTrue();
    assertThat(accrual.start()).isTrue();
  }

  @Test
  void outcomesOfRequestsSentBeforeTheEjection_areIgnored() {
    boolean earlier = accrual.start();
    boolean older = accrual.start();
    fail(7);

    accrual.succeeded(earlier);
    assertThat(accrual.state()).isEqualTo(State.EJECTED);

    clock.advance(Duration.ofNanos(backoff()));
    boolean probe = accrual.start();
    accrual.failed(older);
    assertThat(accrual.state()).isEqualTo(State.PROBING);

    accrual.succeeded(probe);
    assertThat(accrual.state()).isEqualTo(State.AVAILABLE);
  }
}
