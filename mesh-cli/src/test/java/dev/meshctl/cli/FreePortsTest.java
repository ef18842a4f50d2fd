package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void freePorts_areDistinct_bindable_andBelowTheEphemeralRange() throws Exception {
    FreePorts ports = new FreePorts();
    Set<Integer> taken = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      int port = ports.take("listener " + i);
      assertThat(taken.add(port)).as("port %d handed out twice", port).isTrue();
      assertThat(port).isLessThan(FreePorts.belowEphemeralRange());
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void aFixedPortIsHandedOutOnce() {
    FreePorts ports = new FreePorts();
    int port = ports.take("first");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ports.take(port, "dashboard", "--dashboard-port"))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("port " + port + " (dashboard) is already in use")
        .hasMessageContaining("--dashboard-port");
  }
}
