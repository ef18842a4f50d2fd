package dev.meshctl.proxy.discovery.remote;

import static dev.meshctl.proxy.discovery.remote.FakeDestinationService.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.discovery.Endpoint;
import dev.meshctl.proxy.discovery.LayeredDestinationSource;
import dev.meshctl.proxy.discovery.StaticDestinationsFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static destinations file over the controller, as the proxy layers them when both are
 * configured: the file's authorities are answered from the file and never asked of the controller;
 * the rest come from the controller; an authority the file stops naming falls through to it.
 */
class StaticFileOverControllerTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Authority PINNED = Authority.parse("pinned.demo:8080", 80);
  private static final Authority OTHER = Authority.parse("other.demo:8080", 80);

  @TempDir Path dir;
  private final FakeController controller = FakeController.start();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private DestinationSource destinations;

  @AfterEach
  void tearDown() throws InterruptedException {
    destinations.close();
    poller.shutdownNow();
    controller.close();
  }

  @Test
  void theFileWinsForItsAuthorities_andTheControllerAnswersTheRest() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("destinations.yaml"),
            """
            destinations:
              - authority: pinned.demo:8080
                endpoints: [{address: 127.0.0.1:9001}]
            """);
    controller.service.add("pinned.demo:8080", addr(new InetSocketAddress("10.0.0.9", 8080)));
    controller.service.add("other.demo:8080", addr(new InetSocketAddress("10.0.0.2", 8080)));
    StaticDestinationsFile staticFile =
        StaticDestinationsFile.load(file, poller, Duration.ofMillis(50));
    RemoteDestinationSource remote =
        RemoteDestinationSource.start(
            new RemoteDestinationSource.Settings(
                controller.target(),
                "",
                Duration.ofMinutes(10),
                List.of(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.2),
                100,
                Math::random));
    destinations = LayeredDestinationSource.of(staticFile, remote);

    assertThat(endpoints(PINNED)).containsExactly(new InetSocketAddress("127.0.0.1", 9001));
    destinations.lookup(OTHER);
    await()
        .atMost(WAIT)
        .until(() -> endpoints(OTHER).equals(List.of(new InetSocketAddress("10.0.0.2", 8080))));
    assertThat(controller.service.getRequests())
        .extracting(r -> r.getPath())
        .containsExactly("other.demo:8080");
    assertThat(remote.watching(PINNED)).isFalse();

    // The file stops naming the authority: the controller is asked for it.
    Files.writeString(file, "destinations: []\n");
    await()
        .atMost(WAIT)
        .until(() -> endpoints(PINNED).equals(List.of(new InetSocketAddress("10.0.0.9", 8080))));
  }

  private List<InetSocketAddress> endpoints(Authority authority) {
    return destinations
        .lookup(authority)
        .map(d -> d.endpoints().stream().map(Endpoint::address).toList())
        .orElse(List.of());
  }
}
