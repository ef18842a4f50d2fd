package dev.meshctl.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Responses per endpoint from a proxy's /metrics text, as the proxy writes it. */
class ResponseCountsTest {

  private static final String LABELS =
      "authority=\"web.test:8080\",classification=\"%s\",direction=\"%s\",status_code=\"%s\","
          + "target_addr=\"%s\",tls=\"no_identity\"";

  private static String response(String direction, String target, String status, String value) {
    return "response_total{"
        + LABELS.formatted(status.equals("200") ? "success" : "failure", direction, status, target)
        + "} "
        + value
        + "\n";
  }

  @Test
  void outboundResponses_areSummedByTargetAddr_overStatusesAndClassifications() {
    String text =
        "# HELP response_total Total count of HTTP responses.\n"
            + "# TYPE response_total counter\n"
            + response("outbound", "127.0.0.1:9001", "200", "1500.0")
            + response("outbound", "127.0.0.1:9001", "502", "3.0")
            + response("outbound", "127.0.0.1:9003", "200", "1.2345E4")
            + response("inbound", "127.0.0.1:8080", "200", "99.0")
            + "request_total{authority=\"web.test:8080\",direction=\"outbound\","
            + "target_addr=\"127.0.0.1:9001\",tls=\"no_identity\"} 2000.0\n"
            + "route_response_total{direction=\"outbound\",dst=\"web.test:8080\","
            + "rt_route=\"\",status_code=\"200\",classification=\"success\"} 7.0\n"
            + "response_latency_ms_count{direction=\"outbound\",target_addr=\"127.0.0.1:9001\"}"
            + " 1500\n";

    ResponseCounts counts = ResponseCounts.parse(text);

    assertThat(counts.byTarget())
        .isEqualTo(Map.of("127.0.0.1:9001", 1503L, "127.0.0.1:9003", 12345L));
    assertThat(counts.total()).isEqualTo(13848);
    assertThat(counts.of("127.0.0.1:9002")).isZero();
  }

  @Test
  void since_givesWhatEachEndpointAnsweredBetweenTwoScrapes() {
    ResponseCounts before =
        ResponseCounts.parse(response("outbound", "127.0.0.1:9001", "200", "100.0"));
    ResponseCounts after =
        ResponseCounts.parse(
            response("outbound", "127.0.0.1:9001", "200", "350.0")
                + response("outbound", "127.0.0.1:9003", "200", "25.0"));

    ResponseCounts during = after.since(before);

    assertThat(during.byTarget()).isEqualTo(Map.of("127.0.0.1:9001", 250L, "127.0.0.1:9003", 25L));
    assertThat(during.total()).isEqualTo(275);
  }

  @Test
  void escapedLabelValues_andATimestamp_areRead() {
    String text =
        "response_total{authority=\"we}b \\\"x\\\" \\\\\",direction=\"outbound\","
            + "target_addr=\"[::1]:9001\"} 4.0 1700000000000\n";

    assertThat(ResponseCounts.parse(text).byTarget()).isEqualTo(Map.of("[::1]:9001", 4L));
  }

  @Test
  void unterminatedLabels_areAnError() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ResponseCounts.parse("response_total{direction=\"outbound\" 4.0\n"));
  }
}
