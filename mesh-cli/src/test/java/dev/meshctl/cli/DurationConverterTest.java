package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsGoStyleAndIsoDurations() {
    assertThat(converter.convert("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(converter.convert("3650d")).isEqualTo(Duration.ofDays(3650));
    assertThat(converter.convert("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(converter.convert("PT24H")).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void rejectsTheRest() {
    for (String bad :
        new String[] {"", "24", "h", "1x", "1h 2m", "-1h", "0m", "PT", "99999999999999999999d"}) {
      assertThatThrownBy(() -> converter.convert(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class);
    }
  }
}
