package dev.meshctl.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether a proxy's request_total says its traffic was mTLS with the expected peer. */
class MtlsTrafficTest {

  private static final String SERVER =
      "backend.bench.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String CLIENT =
      "bench-client.bench.serviceaccount.identity.meshctl-system.cluster.local";

  private static String request(
      String direction, String tls, String clientId, String serverId, String value) {
    return ("request_total{direction=\"%s\",authority=\"backend.bench.svc.cluster.local:8080\","
            + "target_addr=\"127.0.0.1:4143\",tls=\"%s\",client_id=\"%s\",server_id=\"%s\"} %s\n")
        .formatted(direction, tls, clientId, serverId, value);
  }

  @Test
  void outboundRequestsAllMtlsToTheServer_isNoProblem() {
    String text =
        "# TYPE request_total counter\n"
            + request("outbound", "true", "", SERVER, "12000.0")
            + request("outbound", "true", "", SERVER, "3.0")
            + request("inbound", "no_identity", "", "", "5.0"); // another direction: ignored

    MtlsTraffic traffic = MtlsTraffic.outbound(text, SERVER);

    assertThat(traffic.matching()).isEqualTo(12_003);
    assertThat(traffic.others()).isEmpty();
    assertThat(traffic.problem("the outbound proxy")).isEmpty();
  }

  @Test
  void plaintextRequests_areAProblem_withTheirCounts() {
    String text =
        request("outbound", "true", "", SERVER, "10.0")
            + request("outbound", "no_identity", "", "", "990.0");

    MtlsTraffic traffic = MtlsTraffic.outbound(text, SERVER);

    assertThat(traffic.otherCount()).isEqualTo(990);
    assertThat(traffic.problem("the outbound proxy"))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("the outbound proxy")
                    .contains("10 outbound request_total with tls=\"true\"")
                    .contains("990 other")
                    .contains("tls=\"no_identity\" server_id=\"\"=990"));
  }

  @Test
  void anotherPeerIdentity_isAProblem() {
    String other = "intruder.bench.serviceaccount.identity.meshctl-system.cluster.local";

    MtlsTraffic traffic =
        MtlsTraffic.outbound(request("outbound", "true", "", other, "5.0"), SERVER);

    assertThat(traffic.matching()).isZero();
    assertThat(traffic.problem("p")).hasValueSatisfying(p -> assertThat(p).contains(other));
  }

  @Test
  void noRequestAtAll_provesNothing() {
    assertThat(MtlsTraffic.outbound("# nothing yet\n", SERVER).problem("the outbound proxy"))
        .contains("the outbound proxy counted no outbound request at all");
  }

  @Test
  void inbound_isCheckedByTheClientsIdentity() {
    String text =
        request("inbound", "true", CLIENT, "", "7.0")
            + request("outbound", "no_identity", "", "", "7.0"); // ignored inbound

    MtlsTraffic traffic = MtlsTraffic.inbound(text, CLIENT);

    assertThat(traffic.matching()).isEqualTo(7);
    assertThat(traffic.problem("the inbound proxy")).isEmpty();
  }
}
