package dev.meshctl.controller.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthorityTest {

  @Test
  void hostAndPort_areParsed_hostLowerCased() {
    assertThat(Authority.parse("Web.Demo.svc.cluster.local:8080"))
        .isEqualTo(new Authority("web.demo.svc.cluster.local", 8080));
  }

  @Test
  void withoutPort_port80IsMeant() {
    assertThat(Authority.parse("web.demo")).isEqualTo(new Authority("web.demo", 80));
  }

  @Test
  void ipv6_isWrittenInBrackets() {
    Authority authority = Authority.parse("[fd00::1]:80");

    assertThat(authority).isEqualTo(new Authority("fd00::1", 80));
    assertThat(authority.isIpAddress()).isTrue();
    assertThat(authority.toString()).isEqualTo("[fd00::1]:80");
  }

  @Test
  void ipv4_isAnIpAddress_aNameIsNot() {
    assertThat(Authority.parse("10.0.0.1:80").isIpAddress()).isTrue();
    assertThat(Authority.parse("web.demo:80").isIpAddress()).isFalse();
  }

  @Test
  void malformedAuthorities_sayWhatIsWrong() {
    assertThatThrownBy(() -> Authority.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Authority.parse("web:http")).hasMessageContaining("is not a port");
    assertThatThrownBy(() -> Authority.parse("web:0")).hasMessageContaining("not within 1-65535");
    assertThatThrownBy(() -> Authority.parse("fd00::1:80")).hasMessageContaining("brackets");
    assertThatThrownBy(() -> Authority.parse(":80")).hasMessageContaining("no host");
  }
}
