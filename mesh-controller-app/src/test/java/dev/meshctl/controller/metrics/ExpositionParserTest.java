package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionParserTest {

  private final ExpositionParser parser = new ExpositionParser();

  @Test
  void readsTheProxysPage_withHelpTypeLabelsAndInfinity() throws Exception {
    String page =
        """
        # HELP response_total Total count of HTTP responses.
        # TYPE response_total counter
        response_total{authority="books:80",classification="success",direction="inbound",status_code="200"} 3.0
        # TYPE response_latency_ms histogram
        response_latency_ms_bucket{direction="inbound",le="1.0"} 0
        response_latency_ms_bucket{direction="inbound",le="+Inf"} 3
        response_latency_ms_sum{direction="inbound"} 68.363966
        process_start_time_seconds 1.7650e9
        """;

    List<ExpositionSample> samples = parser.parse(page);

    assertThat(samples).hasSize(5);
    assertThat(samples.get(0))
        .isEqualTo(
            new ExpositionSample(
                "response_total",
                Map.of(
                    "authority", "books:80",
                    "classification", "success",
                    "direction", "inbound",
                    "status_code", "200"),
                3.0));
    assertThat(samples.get(2).label("le")).isEqualTo("+Inf");
    assertThat(samples.get(4).value()).isEqualTo(1.765e9);
    assertThat(samples.get(4).labels()).isEmpty();
  }

  @Test
  void unescapesLabelValues_andAcceptsTimestampsSpacesAndATrailingComma() throws Exception {
    List<ExpositionSample> samples =
        parser.parse(
            "m{path=\"a\\\\b\\\"c\\nd\" , empty=\"\",} -Inf 1700000000000\n"
                + "\n# just a comment\nn\tNaN\r\n".replace("\r", ""));

    assertThat(samples.get(0).label("path")).isEqualTo("a\\b\"c\nd");
    assertThat(samples.get(0).label("empty")).isEmpty();
    assertThat(samples.get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(samples.get(1).value()).isNaN();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1bad 1|line 1: invalid metric name \"1bad\"",
        "m{a=\"1\" 1|line 1: expected ',' or '}' after the value of label a",
        "m{a=\"1} 1|line 1: unclosed value of label a",
        "m{a=1} 1|line 1: expected '\"' to open the value of label a",
        "m{a=\"\\x\"} 1|line 1: unknown escape \\x in the value of label a",
        "m{a=\"1\",a=\"2\"} 1|line 1: label a appears twice",
        "m{a:b=\"1\"} 1|line 1: invalid label name \"a:b\"",
        "m 0x10|line 1: value \"0x10\" is not a number",
        "m 1 soon|line 1: timestamp \"soon\" is not an integer (milliseconds)",
        "m 1 2 3|line 1: unexpected text after the value and timestamp: \"3\"",
        "m|line 1: expected a space and a value after m",
        "m{a=\"1\"}|line 1: expected a space and a value after m",
      })
  void refusesWhatTheFormatDoesNotAllow_sayingWhereAndWhy(String line, String message) {
    assertThatThrownBy(() -> parser.parse(line))
        .isInstanceOf(ExpositionFormatException.class)
        .hasMessage(message);
  }

  @Test
  void refusesTypeLinesThatAreUnknownRepeatedOrLate() {
    assertThatThrownBy(() -> parser.parse("# TYPE m countr\nm 1\n"))
        .hasMessageStartingWith("line 1: unknown type \"countr\" for m");
    assertThatThrownBy(() -> parser.parse("# TYPE m counter\n# TYPE m counter\n"))
        .hasMessage("line 2: second TYPE line for m");
    assertThatThrownBy(() -> parser.parse("m_total 1\n# TYPE m counter\n"))
        .hasMessage("line 2: TYPE line for m after its samples");
  }
}
