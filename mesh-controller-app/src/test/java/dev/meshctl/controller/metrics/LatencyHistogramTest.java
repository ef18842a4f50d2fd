package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void interpolatesLinearlyWithinTheBucketOfTheRank() {
    // 10 observations: 2 up to 10 ms, 8 between 10 and 20 ms.
    LatencyHistogram histogram = LatencyHistogram.of(Map.of(10.0, 2.0, 20.0, 10.0, INF, 10.0));

    // Rank 5 is the 3rd of 8 in (10, 20]: 10 + 10 * 3/8.
    assertThat(histogram.quantile(0.5).getAsDouble()).isCloseTo(13.75, within(1e-9));
    // Rank 1 is half of the first bucket, which starts at 0.
    assertThat(histogram.quantile(0.1).getAsDouble()).isCloseTo(5.0, within(1e-9));
    assertThat(histogram.quantile(1.0).getAsDouble()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void aRankInTheInfiniteBucketAnswersTheHighestFiniteBound() {
    LatencyHistogram histogram = LatencyHistogram.of(Map.of(1.0, 1.0, 5.0, 2.0, INF, 10.0));

    assertThat(histogram.quantile(0.99).getAsDouble()).isEqualTo(5.0);
  }

  @Test
  void noObservationsOrNoInfiniteBucket_noQuantile() {
    assertThat(LatencyHistogram.empty().quantile(0.5)).isEmpty();
    assertThat(LatencyHistogram.of(Map.of(1.0, 0.0, INF, 0.0)).quantile(0.5)).isEmpty();
    assertThat(LatencyHistogram.of(Map.of(1.0, 4.0)).quantile(0.5)).isEmpty();
  }

  @Test
  void histogramsAddBucketByBucket_asSumByLeDoes() {
    LatencyHistogram a = LatencyHistogram.of(Map.of(10.0, 4.0, INF, 4.0));
    LatencyHistogram b = LatencyHistogram.empty().with(10.0, 0.0).with(INF, 4.0);

    LatencyHistogram sum = a.plus(b);

    assertThat(sum).isEqualTo(LatencyHistogram.of(Map.of(10.0, 4.0, INF, 8.0)));
    // Half the observations are above 10 ms, in the infinite bucket: the median is 10.
    assertThat(sum.quantile(0.5).getAsDouble()).isEqualTo(10.0);
    assertThat(sum.quantile(0.25).getAsDouble()).isCloseTo(5.0, within(1e-9));
  }
}
