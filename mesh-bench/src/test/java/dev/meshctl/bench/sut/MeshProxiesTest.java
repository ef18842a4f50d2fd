package dev.meshctl.bench.sut;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.StaticDestinationsFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbound proxy's destinations file, read back by the proxy's own reader. */
class MeshProxiesTest {

  private static final String AUTHORITY = "backend.bench.svc.cluster.local:8080";
  private static final String SERVER =
      "backend.bench.serviceaccount.identity.meshctl-system.cluster.local";
  private static final InetSocketAddress INBOUND =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 41430);

  @TempDir Path dir;

  @Test
  void meshedEndpoint_carriesTheServersIdentity() throws Exception {
    Path file =
        MeshProxies.writeDestinations(
            dir.resolve("d.yaml"), AUTHORITY, INBOUND, Optional.of(SERVER));

    Destination destination = only(file);

    assertThat(destination.endpoints()).hasSize(1);
    assertThat(destination.endpoints().get(0).address()).isEqualTo(INBOUND);
    assertThat(destination.endpoints().get(0).identity()).contains(SERVER);
  }

  @Test
  void plaintextEndpoint_hasNoIdentity() throws Exception {
    Path file =
        MeshProxies.writeDestinations(dir.resolve("d.yaml"), AUTHORITY, INBOUND, Optional.empty());

    assertThat(only(file).endpoints().get(0).identity()).isEmpty();
  }

  private static Destination only(Path file) {
    var destinations = StaticDestinationsFile.read(file);
    assertThat(destinations).hasSize(1);
    Destination destination = destinations.values().iterator().next();
    assertThat(destination.authority().toString()).isEqualTo(AUTHORITY);
    return destination;
  }
}
