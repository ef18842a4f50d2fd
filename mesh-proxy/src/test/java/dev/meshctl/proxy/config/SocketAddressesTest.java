package dev.meshctl.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SocketAddressesTest {

  @Test
  void ipv4AndPort_isParsedWithoutResolving() {
    InetSocketAddress address = SocketAddresses.parseIpAndPort("10.1.2.3:9001", false);

    assertThat(address.isUnresolved()).isFalse();
    assertThat(address.getAddress()).isInstanceOf(Inet4Address.class);
    assertThat(address.getAddress().getHostAddress()).isEqualTo("10.1.2.3");
    assertThat(address.getPort()).isEqualTo(9001);
  }

  @ParameterizedTest
  @CsvSource({
    "'[::1]:4143', 0:0:0:0:0:0:0:1",
    "'[::]:4143', 0:0:0:0:0:0:0:0",
    "'[2001:db8::7]:4143', 2001:db8:0:0:0:0:0:7",
    "'[2001:DB8:0:0:1:2:3:4]:4143', 2001:db8:0:0:1:2:3:4",
    "'[fe80::]:4143', fe80:0:0:0:0:0:0:0",
    "'[::ffff:0:10.0.0.1]:4143', 0:0:0:0:ffff:0:a00:1",
  })
  void bracketedIpv6AndPort_isParsed(String text, String expectedHost) {
    InetSocketAddress address = SocketAddresses.parseIpAndPort(text, false);

    assertThat(address.getAddress()).isInstanceOf(Inet6Address.class);
    assertThat(address.getAddress().getHostAddress()).isEqualTo(expectedHost);
    assertThat(address.getPort()).isEqualTo(4143);
  }

  @Test
  void ipv4MappedIpv6_isTheIpv4Address() {
    InetSocketAddress address = SocketAddresses.parseIpAndPort("[::ffff:127.0.0.1]:80", false);

    assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void portZero_isAcceptedOnlyWhenAllowed() {
    assertThat(SocketAddresses.parseIpAndPort("127.0.0.1:0", true).getPort()).isZero();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SocketAddresses.parseIpAndPort("127.0.0.1:0", false))
        .withMessage("the port 0 is not in 1-65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:80", "web.demo.svc.cluster.local:8080", "example.com:443"})
  void hostName_isRefusedNotResolved(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SocketAddresses.parseIpAndPort(text, false))
        .withMessage("host names are not accepted, only IP addresses");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "1.2.3:80 | '1.2.3' is not an IPv4 address",
        "127.1:80 | '127.1' is not an IPv4 address",
        "256.0.0.1:80 | '256.0.0.1' is not an IPv4 address",
        "1.2.3.4.5:80 | '1.2.3.4.5' is not an IPv4 address",
        "10.0.0.1 | the port is missing; write address:port",
        "10.0.0.1: | the port '' is not a number",
        "10.0.0.1:http | the port 'http' is not a number",
        "10.0.0.1:-1 | the port '-1' is not a number",
        "10.0.0.1:65536 | the port 65536 is not in 1-65535",
        "::1:80 | IPv6 addresses must be in brackets, as in [::1]:4143",
        "[::1 | '[' is not closed by ']'",
        "[::1] | the port is missing; write [address]:port",
        "[::1]80 | the port is missing; write [address]:port",
        "[1::2::3]:80 | '1::2::3' is not an IPv6 address",
        "[12345::1]:80 | '12345::1' is not an IPv6 address",
        "[gggg::1]:80 | 'gggg::1' is not an IPv6 address",
        "[1:2:3:4:5:6:7]:80 | '1:2:3:4:5:6:7' is not an IPv6 address",
        "[1:2:3:4:5:6:7:8:9]:80 | '1:2:3:4:5:6:7:8:9' is not an IPv6 address",
        "[fe80::1%eth0]:80 | 'fe80::1%eth0' is not an IPv6 address",
        "[localhost]:80 | 'localhost' is not an IPv6 address",
        "[]:80 | '' is not an IPv6 address",
      })
  void malformedAddress_isRefusedWithTheReason(String text, String reason) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SocketAddresses.parseIpAndPort(text, false))
        .withMessage(reason);
  }

  @Test
  void emptyText_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SocketAddresses.parseIpAndPort("", true))
        .withMessage("the address is empty");
  }
}
