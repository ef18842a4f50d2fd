package dev.meshctl.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {

  private static final RenewalSchedule SCHEDULE = RenewalSchedule.DEFAULT;
  private static final Instant ISSUED = Instant.parse("2025-06-01T00:00:00Z");
  private static final Instant EXPIRES = ISSUED.plus(Duration.ofHours(24));

  @Test
  void renewal_isAt70PercentOfTheLifetime() {
    assertThat(SCHEDULE.untilRenewal(ISSUED, ISSUED, EXPIRES))
        .isEqualTo(Duration.ofMinutes(24 * 60 * 7 / 10));
  }

  @Test
  void renewal_countsFromNow() {
    Instant now = ISSUED.plus(Duration.ofHours(10));

    assertThat(SCHEDULE.untilRenewal(now, ISSUED, EXPIRES))
        .isEqualTo(Duration.ofMinutes(24 * 60 * 7 / 10).minusHours(10));
  }

  @Test
  void renewalWhoseMomentHasPassed_isImmediate() {
    assertThat(SCHEDULE.untilRenewal(ISSUED.plus(Duration.ofHours(20)), ISSUED, EXPIRES)).isZero();
    assertThat(SCHEDULE.untilRenewal(EXPIRES.plusSeconds(1), ISSUED, EXPIRES)).isZero();
  }

  @Test
  void certificateNotYetValid_isRenewedAt70PercentFromItsNotBefore() {
    // The CA's clock is ahead: the lifetime still counts from not-before.
    Instant now = ISSUED.minusSeconds(30);

    assertThat(SCHEDULE.untilRenewal(now, ISSUED, ISSUED.plusSeconds(100)))
        .isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void certificateThatEndsBeforeItStarts_isRenewedAtOnce() {
    assertThat(SCHEDULE.untilRenewal(ISSUED, EXPIRES, ISSUED)).isZero();
  }

  @Test
  void retries_doubleFromOneSecondUpToAMinute_withoutJitterAtTheMiddle() {
    assertThat(IntStream.rangeClosed(1, 9).mapToObj(n -> SCHEDULE.retryDelay(n, 0.5)))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(32),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));
  }

  @Test
  void retryJitter_isPlusOrMinus20Percent() {
    assertThat(SCHEDULE.retryDelay(1, 0.0)).isEqualTo(Duration.ofMillis(800));
    assertThat(SCHEDULE.retryDelay(1, 0.75)).isEqualTo(Duration.ofMillis(1100));
    assertThat(SCHEDULE.retryDelay(7, 0.999_999_999))
        .isLessThan(Duration.ofSeconds(72))
        .isGreaterThan(Duration.ofMillis(71_999));
  }

  @Test
  void retriesAfterALongOutage_stayAtTheCap() {
    assertThat(SCHEDULE.retryDelay(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void badSchedules_areRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new RenewalSchedule(1.0, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new RenewalSchedule(0.7, Duration.ofSeconds(2), Duration.ofSeconds(1), 0.2));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RenewalSchedule(0.7, Duration.ZERO, Duration.ofSeconds(1), 0.2));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new RenewalSchedule(0.7, Duration.ofSeconds(1), Duration.ofSeconds(60), 1.0));
    assertThatIllegalArgumentException().isThrownBy(() -> SCHEDULE.retryDelay(0, 0.5));
  }
}
