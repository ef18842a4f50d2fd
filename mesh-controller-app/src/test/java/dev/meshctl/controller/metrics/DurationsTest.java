package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesPrometheusStyleDurations() {
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "1.5m", "5 minutes", "1d", "s", "30s1m"})
  void refusesAnythingElse_sayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessage("window \"" + text + "\" is not a duration such as 10s, 1m, 5m or 1h30m");
  }

  @Test
  void refusesDurationsTooLongToCount() {
    assertThatThrownBy(() -> Durations.parse("99999999999999999999h"))
        .hasMessage("window \"99999999999999999999h\" is too long");
    assertThatThrownBy(() -> Durations.parse("9223372036854775807h"))
        .hasMessage("window \"9223372036854775807h\" is too long");
  }

  @Test
  void formatsAsTheyAreWritten() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ofMillis(34_600))).isEqualTo("35s");
    assertThat(Durations.format(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
