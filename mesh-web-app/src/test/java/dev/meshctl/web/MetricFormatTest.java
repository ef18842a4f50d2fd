package dev.meshctl.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricFormatTest {

  @Test
  void successRate_isAPercentWithTwoDecimals_orADashWithoutRequests() {
    assertThat(MetricFormat.success(0.931)).isEqualTo("93.10%");
    assertThat(MetricFormat.success(1.0)).isEqualTo("100.00%");
    assertThat(MetricFormat.success(null)).isEqualTo("-");
  }

  @Test
  void rps_hasOneDecimalAndItsUnit() {
    assertThat(MetricFormat.rps(10.24)).isEqualTo("10.2rps");
    assertThat(MetricFormat.rps(0)).isEqualTo("0.0rps");
  }

  @Test
  void latency_isWholeMilliseconds_orADash() {
    assertThat(MetricFormat.latency(12.4)).isEqualTo("12ms");
    assertThat(MetricFormat.latency(0.4)).isEqualTo("0ms");
    assertThat(MetricFormat.latency(null)).isEqualTo("-");
  }

  @Test
  void belowTarget_isUnder95Percent_andNeverWithoutRequests() {
    assertThat(MetricFormat.belowTarget(0.9499)).isTrue();
    assertThat(MetricFormat.belowTarget(0.95)).isFalse();
    assertThat(MetricFormat.belowTarget(null)).isFalse();
  }
}
