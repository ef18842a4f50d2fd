package dev.meshctl.proxy.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitOptionsTest {

  @Test
  void noArguments_giveTheMeshDefaults() {
    InitOptions options = InitOptions.parse(List.of());

    assertThat(options.proxyUid()).isEqualTo(2102);
    assertThat(options.inboundPort()).isEqualTo(4143);
    assertThat(options.outboundPort()).isEqualTo(4140);
    assertThat(options.ignoreInboundPorts())
        .containsExactly(new PortRange(4190, 4190), new PortRange(4191, 4191));
    assertThat(options.ignoreOutboundPorts()).isEmpty();
    assertThat(options.iptables()).isEqualTo("iptables");
    assertThat(options.dryRun()).isFalse();
    assertThat(options.help()).isFalse();
  }

  @Test
  void flagsAndValues_inBothForms_areRead() {
    InitOptions options =
        InitOptions.parse(
            List.of(
                "--dry-run",
                "--iptables=/usr/sbin/iptables-legacy",
                "--ignore-outbound-ports",
                "8000-8010"));

    assertThat(options.dryRun()).isTrue();
    assertThat(options.iptables()).isEqualTo("/usr/sbin/iptables-legacy");
    assertThat(options.ignoreOutboundPorts()).containsExactly(new PortRange(8000, 8010));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--proxy-uid abc | --proxy-uid abc: expected a numeric user id, e.g. 2102",
        "--proxy-uid -1 | --proxy-uid -1: expected a numeric user id, e.g. 2102",
        "--inbound-port 0 | --inbound-port 0: expected a port, 1 to 65535",
        "--outbound-port 70000 | --outbound-port 70000: expected a port, 1 to 65535",
        "--inbound-port 4140 | --inbound-port and --outbound-port are both 4140; they must differ",
        "--ignore-outbound-ports 80,x | --ignore-outbound-ports 80,x: \"x\" is not a port;"
            + " expected ports 1 to 65535 and ranges, e.g. 4190,8000-8010",
        "--ignore-inbound-ports 9-3 | --ignore-inbound-ports 9-3: range 9-3 ends before it starts",
        "--ignore-inbound-ports 1,,2 | --ignore-inbound-ports 1,,2: \"\" is not a port;"
            + " expected ports 1 to 65535 and ranges, e.g. 4190,8000-8010",
        "--outbound-port | --outbound-port needs a value",
        "--frobnicate | unknown option --frobnicate",
        "extra | unexpected argument extra",
        "--dry-run=yes | --dry-run takes no value",
      })
  void badInput_isOneClearLine(String args, String message) {
    assertThatThrownBy(() -> InitOptions.parse(List.of(args.split(" "))))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @Test
  void usage_explainsEveryOption() {
    for (String option :
        List.of(
            "--proxy-uid",
            "--inbound-port",
            "--outbound-port",
            "--ignore-inbound-ports",
            "--ignore-outbound-ports",
            "--iptables",
            "--dry-run",
            "--help")) {
      assertThat(InitOptions.USAGE).containsPattern("(?m)^  " + option + " ");
    }
  }
}
