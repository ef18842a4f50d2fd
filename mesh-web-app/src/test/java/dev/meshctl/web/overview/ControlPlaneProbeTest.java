package dev.meshctl.web.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.web.FakeController;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control plane's health, from real HTTP servers standing in for the actuators. */
class ControlPlaneProbeTest {

  @Test
  void upWhenTheActuatorSaysUp_downWhenItSaysOtherwise_withTheIssuerExpiry() throws Exception {
    try (FakeController controller = new FakeController();
        FakeController identity = new FakeController()) {
      controller.answer("/actuator/health", "{\"status\":\"UP\"}");
      identity.answer("/actuator/health", Map.of(), 503, "{\"status\":\"OUT_OF_SERVICE\"}");
      identity.answer(
          "/actuator/prometheus", "# HELP x\nidentity_issuer_expiration_timestamp_seconds 1.8E9\n");

      List<ComponentStatus> components =
          new ControlPlaneProbe(controller.uri(), identity.uri(), Duration.ofSeconds(10))
              .components()
              .join();

      assertThat(components.get(0).name()).isEqualTo("controller");
      assertThat(components.get(0).health()).isEqualTo("up");
      assertThat(components.get(1).health()).isEqualTo("down");
      assertThat(components.get(1).detail()).contains("HTTP 503, OUT_OF_SERVICE");
      assertThat(components.get(1).certificateExpiry())
          .isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
    }
  }

  @Test
  void downWhenTheActuatorCannotBeReached_unknownWhenNotConfigured() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    List<ComponentStatus> components =
        new ControlPlaneProbe(URI.create("http://127.0.0.1:" + port), null, Duration.ofSeconds(5))
            .components()
            .join();

    assertThat(components.get(0).health()).isEqualTo("down");
    assertThat(components.get(0).detail()).startsWith("cannot reach http://127.0.0.1:" + port);
    assertThat(components.get(1).health()).isEqualTo("unknown");
  }

  @Test
  void issuerExpiry_isNullWhenTheMetricIsMissingOrNotANumber() {
    assertThat(ControlPlaneProbe.issuerExpiry("other_metric 1\n")).isNull();
    assertThat(ControlPlaneProbe.issuerExpiry("identity_issuer_expiration_timestamp_seconds NaN\n"))
        .isNull();
  }
}
