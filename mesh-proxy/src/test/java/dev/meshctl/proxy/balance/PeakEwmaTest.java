package dev.meshctl.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeakEwmaTest {

  private static final long DECAY = Duration.ofSeconds(10).toNanos();
  private static final long DEFAULT_RTT = Duration.ofMillis(30).toNanos();
  private static final long MS = Duration.ofMillis(1).toNanos();

  private final VirtualClock clock = new VirtualClock();
  private final PeakEwma ewma = new PeakEwma(DECAY, DEFAULT_RTT, clock);

  @Test
  void beforeAnySample_costIsTheDefaultRtt() {
    assertThat(ewma.cost()).isEqualTo(DEFAULT_RTT);
    assertThat(ewma.load()).isEqualTo(DEFAULT_RTT);
  }

  @Test
  void firstSample_replacesTheDefault_evenWhenLower() {
    ewma.observe(MS);

    assertThat(ewma.cost()).isEqualTo(MS);
  }

  @Test
  void higherSample_replacesTheEstimateAtOnce() {
    ewma.observe(MS);
    clock.advance(Duration.ofMillis(1));

    ewma.observe(50 * MS);

    assertThat(ewma.cost()).isEqualTo(50 * MS);
  }

  @Test
  void lowerSample_pullsTheEstimateTowardsIt_byTheTimeSinceTheLastSample() {
    ewma.observe(50 * MS);
    clock.advance(Duration.ofMillis(1));
    ewma.observe(MS);
    assertThat(ewma.cost()).as("one millisecond later").isCloseTo(50 * MS, within(0.01 * MS));

    clock.advance(Duration.ofSeconds(10));
    double before = ewma.cost();
    ewma.observe(MS);

    double w = Math.exp(-1);
    assertThat(ewma.cost()).isCloseTo(before * w + MS * (1 - w), within(1.0));
    assertThat(ewma.cost()).isBetween((double) MS, before);
  }

  @Test
  void withoutSamples_theEstimateDecaysTowardsZero() {
    ewma.observe(50 * MS);

    clock.advance(Duration.ofSeconds(10));

    assertThat(ewma.cost()).isCloseTo(50 * MS * Math.exp(-1), within(1.0));
  }

  @Test
  void steadyLatency_keepsTheEstimateThere() {
    for (int i = 0; i < 10_000; i++) {
      ewma.observe(MS);
      clock.advance(Duration.ofMillis(1));
    }

    assertThat(ewma.cost()).isCloseTo(MS, within(0.001 * MS));
  }

  @Test
  void load_isCostTimesPendingPlusOne() {
    ewma.observe(2 * MS);
    ewma.start();
    ewma.start();
    ewma.start();

    assertThat(ewma.pending()).isEqualTo(3);
    assertThat(ewma.load()).isEqualTo(8.0 * MS);

    ewma.finish();
    assertThat(ewma.load()).isEqualTo(6.0 * MS);
  }
}
