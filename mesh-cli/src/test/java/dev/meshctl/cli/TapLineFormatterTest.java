package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TapLineFormatterTest {

  private static final String PEERS =
      "\"id\":\"web-1:12\",\"pod\":\"web-1\",\"direction\":\"outbound\","
          + "\"source\":\"127.0.0.1:51234\",\"destination\":\"127.0.0.1:4143\","
          + "\"sourceIdentity\":\"web.demo.serviceaccount.identity.meshctl-system.cluster.local\","
          + "\"destinationIdentity\":null,\"tls\":false,";

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void request_likeLinkerd() throws Exception {
    assertThat(
            new TapLineFormatter(false)
                .format(
                    event(
                        "{\"type\":\"request\","
                            + PEERS
                            + "\"method\":\"GET\",\"authority\":\"books:80\",\"path\":\"/books\"}")))
        .contains(
            "req id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=false"
                + " :method=GET :authority=books:80 :path=/books");
  }

  @Test
  void response_inMicroseconds() throws Exception {
    assertThat(
            new TapLineFormatter(false)
                .format(
                    event(
                        "{\"type\":\"response\"," + PEERS + "\"status\":200,\"latencyMs\":1.234}")))
        .contains(
            "rsp id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=false"
                + " :status=200 latency=1234µs");
  }

  @Test
  void end_withGrpcStatus_orResetReason() throws Exception {
    TapLineFormatter formatter = new TapLineFormatter(false);
    assertThat(
            formatter.format(
                event(
                    "{\"type\":\"end\","
                        + PEERS
                        + "\"durationMs\":1.5,\"responseBytes\":120,\"grpcStatus\":0,"
                        + "\"resetReason\":null}")))
        .contains(
            "end id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=false"
                + " duration=1500µs response-length=120B grpc-status=0");
    assertThat(
            formatter.format(
                event(
                    "{\"type\":\"end\","
                        + PEERS
                        + "\"durationMs\":2,\"responseBytes\":0,\"grpcStatus\":null,"
                        + "\"resetReason\":\"connection reset\"}")))
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .endsWith(
                        "duration=2000µs response-length=0B reset-reason=\"connection reset\""));
  }

  @Test
  void wide_addsThePodAndIdentities() throws Exception {
    assertThat(
            new TapLineFormatter(true)
                .format(
                    event("{\"type\":\"response\"," + PEERS + "\"status\":503,\"latencyMs\":0.5}")))
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains(
                        " pod=web-1 src-id=web.demo.serviceaccount.identity.meshctl-system.cluster.local"
                            + " dst-id=- :status=503 latency=500µs"));
  }

  @Test
  void linesThatAreNotEvents_areNotFormatted() throws Exception {
    assertThat(new TapLineFormatter(false).format(event("{\"type\":\"tapping\",\"pods\":[]}")))
        .isEmpty();
  }

  private JsonNode event(String text) throws Exception {
    return json.readTree(text);
  }
}
