package dev.meshctl.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void parsesAddressesAndAuthorities() {
    assertThat(HostPort.parse("127.0.0.1:8080")).isEqualTo(new HostPort("127.0.0.1", 8080));
    assertThat(HostPort.parse("books.demo.svc.cluster.local:8080").host())
        .isEqualTo("books.demo.svc.cluster.local");
    assertThat(HostPort.parse("[::1]:4140")).isEqualTo(new HostPort("::1", 4140));
    assertThat(HostPort.parse("[::1]:4140").toString()).isEqualTo("[::1]:4140");
    assertThat(HostPort.parse("127.0.0.1:0").port()).isZero();
  }

  @Test
  void refusesWhatIsNotAHostAndAPort_sayingWhy() {
    assertThatThrownBy(() -> HostPort.parse("8080")).hasMessageContaining("is not host:port");
    assertThatThrownBy(() -> HostPort.parse("web:")).hasMessageContaining("is not host:port");
    assertThatThrownBy(() -> HostPort.parse("web:http")).hasMessageContaining("not a port number");
    assertThatThrownBy(() -> HostPort.parse("web:70000"))
        .hasMessageContaining("port 70000 is not between 0 and 65535");
    assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("in brackets");
  }
}
