package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void alignsColumns_threeSpacesApart_withoutTrailingSpaces() {
    StringWriter text = new StringWriter();
    new TextTable(List.of("NAME", "SUCCESS"))
        .add(List.of("a-long-name", "-"))
        .add(List.of("b", "100.00%"))
        .print(new PrintWriter(text, true));

    assertThat(text.toString())
        .isEqualTo("NAME          SUCCESS\na-long-name   -\nb             100.00%\n");
  }

  @Test
  void aRowOfTheWrongWidth_isABug() {
    assertThatThrownBy(() -> new TextTable(List.of("A", "B")).add(List.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void metricCells() {
    assertThat(MetricCells.successRate(0.931)).isEqualTo("93.10%");
    assertThat(MetricCells.successRate(1.0)).isEqualTo("100.00%");
    assertThat(MetricCells.successRate(null)).isEqualTo("-");
    assertThat(MetricCells.rps(10.25)).isEqualTo("10.3rps");
    assertThat(MetricCells.rps(0)).isEqualTo("0.0rps");
    assertThat(MetricCells.latency(2.1)).isEqualTo("2ms");
    assertThat(MetricCells.latency(0.2)).isEqualTo("<1ms");
    assertThat(MetricCells.latency(0.0)).isEqualTo("0ms");
    assertThat(MetricCells.latency(1234.5)).isEqualTo("1235ms");
    assertThat(MetricCells.latency(null)).isEqualTo("-");
    assertThat(MetricCells.count(null)).isEqualTo("-");
  }
}
