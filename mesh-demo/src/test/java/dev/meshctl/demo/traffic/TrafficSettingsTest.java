package dev.meshctl.demo.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficSettingsTest {

  @Test
  void aTarget_isAnAuthorityOrAnHttpUrlWithoutAPath() {
    assertThat(TrafficSettings.baseUrl("web.demo.svc.cluster.local:8080"))
        .isEqualTo("http://web.demo.svc.cluster.local:8080");
    assertThat(TrafficSettings.baseUrl("http://127.0.0.1:8080/"))
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(TrafficSettings.baseUrl("http://[::1]:8080")).isEqualTo("http://[::1]:8080");
  }

  @Test
  void aBadTarget_isRefusedSayingWhy() {
    assertThatThrownBy(() -> TrafficSettings.baseUrl("https://web:443"))
        .hasMessageContaining("only http://");
    assertThatThrownBy(() -> TrafficSettings.baseUrl("http://web:8080/books"))
        .hasMessageContaining("without a path");
    assertThatThrownBy(() -> TrafficSettings.baseUrl("web")).hasMessageContaining("host:port");
  }

  @Test
  void theRate_mustBeAbove0AndAtMost1000() {
    assertThatThrownBy(
            () -> TrafficSettings.of("http://web:80", Optional.empty(), 0, Duration.ofSeconds(10)))
        .hasMessageContaining("not above 0 and at most 1000");
    assertThatThrownBy(
            () ->
                TrafficSettings.of("http://web:80", Optional.empty(), 5000, Duration.ofSeconds(10)))
        .hasMessageContaining("not above 0 and at most 1000");
    assertThat(
            TrafficSettings.of("http://web:80", Optional.empty(), 100, Duration.ofSeconds(10))
                .maxInFlight())
        .isEqualTo(500);
  }
}
