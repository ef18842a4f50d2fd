package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class TimeWindowTest {

  private final TimeWindow.Converter converter = new TimeWindow.Converter();

  @ParameterizedTest
  @CsvSource({"10s, 10s", "1m, 1m", "60s, 1m", "90s, 90s", "1h30m, 90m", "2h, 2h", "PT5M, 5m"})
  void isSentInWholeUnits(String typed, String sent) {
    assertThat(converter.convert(typed).text()).isEqualTo(sent);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0s", "1", "1x", "a minute", "-1m", "PT0.5S"})
  void rejectsWhatIsNotAPositiveWholeSecondDuration(String typed) {
    assertThatThrownBy(() -> converter.convert(typed))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("is not a time window");
  }
}
