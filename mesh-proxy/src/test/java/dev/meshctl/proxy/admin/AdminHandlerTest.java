package dev.meshctl.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AdminHandlerTest {

  @Test
  void loopbackCallers_areRecognised_inEveryForm() throws Exception {
    assertThat(AdminHandler.isLoopback(new InetSocketAddress("127.0.0.1", 5000))).isTrue();
    assertThat(AdminHandler.isLoopback(new InetSocketAddress("127.1.2.3", 5000))).isTrue();
    assertThat(AdminHandler.isLoopback(new InetSocketAddress("::1", 5000))).isTrue();
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
    InetAddress ipv4Mapped = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(AdminHandler.isLoopback(new InetSocketAddress(ipv4Mapped, 5000))).isTrue();
  }

  @Test
  void otherCallers_areNotLoopback() throws Exception {
    assertThat(AdminHandler.isLoopback(new InetSocketAddress("192.0.2.10", 5000))).isFalse();
    assertThat(AdminHandler.isLoopback(new InetSocketAddress("2001:db8::1", 5000))).isFalse();
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
    InetAddress ipv4Mapped = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(AdminHandler.isLoopback(new InetSocketAddress(ipv4Mapped, 5000))).isFalse();
    assertThat(AdminHandler.isLoopback(InetSocketAddress.createUnresolved("localhost", 5000)))
        .isFalse();
    assertThat(AdminHandler.isLoopback(new EmbeddedChannel().remoteAddress())).isFalse();
    assertThat(AdminHandler.isLoopback(null)).isFalse();
  }
}
