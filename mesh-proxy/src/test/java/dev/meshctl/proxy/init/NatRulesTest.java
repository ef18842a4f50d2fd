package dev.meshctl.proxy.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NatRulesTest {

  @Test
  void defaults_redirectAllTcp_exceptTheProxysUidLoopbackAndItsAdminAndTapPorts() {
    NatRules rules = NatRules.of(InitOptions.parse(List.of()));

    assertThat(rules.restoreInput())
        .isEqualTo(
            """
            *nat
            :MESH_INBOUND - [0:0]
            :MESH_OUTBOUND - [0:0]
            -A MESH_INBOUND -p tcp -m tcp --dport 4190 -j RETURN
            -A MESH_INBOUND -p tcp -m tcp --dport 4191 -j RETURN
            -A MESH_INBOUND -p tcp -j REDIRECT --to-ports 4143
            -A MESH_OUTBOUND -m owner --uid-owner 2102 -j RETURN
            -A MESH_OUTBOUND -o lo -j RETURN
            -A MESH_OUTBOUND -p tcp -j REDIRECT --to-ports 4140
            COMMIT
            """);
    assertThat(rules.jumps())
        .containsExactly(
            List.of("PREROUTING", "-p", "tcp", "-j", "MESH_INBOUND"),
            List.of("OUTPUT", "-p", "tcp", "-j", "MESH_OUTBOUND"));
  }

  @Test
  void givenOptions_giveExactlyTheirRules_inOrder() {
    NatRules rules =
        NatRules.of(
            InitOptions.parse(
                List.of(
                    "--proxy-uid",
                    "1337",
                    "--inbound-port",
                    "15006",
                    "--outbound-port=15001",
                    "--ignore-inbound-ports",
                    "22,9000-9010",
                    "--ignore-outbound-ports",
                    "443, 3306 ,8000-8010")));

    assertThat(rules.chainRules())
        .containsExactly(
            "-A MESH_INBOUND -p tcp -m tcp --dport 22 -j RETURN",
            "-A MESH_INBOUND -p tcp -m tcp --dport 9000:9010 -j RETURN",
            "-A MESH_INBOUND -p tcp -j REDIRECT --to-ports 15006",
            "-A MESH_OUTBOUND -m owner --uid-owner 1337 -j RETURN",
            "-A MESH_OUTBOUND -o lo -j RETURN",
            "-A MESH_OUTBOUND -p tcp -m tcp --dport 443 -j RETURN",
            "-A MESH_OUTBOUND -p tcp -m tcp --dport 3306 -j RETURN",
            "-A MESH_OUTBOUND -p tcp -m tcp --dport 8000:8010 -j RETURN",
            "-A MESH_OUTBOUND -p tcp -j REDIRECT --to-ports 15001");
  }

  @Test
  void emptyIgnoreInboundPorts_redirectsEveryInboundPort() {
    NatRules rules = NatRules.of(InitOptions.parse(List.of("--ignore-inbound-ports", "")));

    assertThat(rules.chainRules())
        .filteredOn(rule -> rule.startsWith("-A MESH_INBOUND"))
        .containsExactly("-A MESH_INBOUND -p tcp -j REDIRECT --to-ports 4143");
  }
}
