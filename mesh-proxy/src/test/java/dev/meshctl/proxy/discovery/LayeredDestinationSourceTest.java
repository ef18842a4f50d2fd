package dev.meshctl.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayeredDestinationSourceTest {

  private static final Authority PINNED = Authority.parse("pinned.demo:80", 80);
  private static final Authority OTHER = Authority.parse("other.demo:80", 80);

  /** A source with fixed answers that records what it was asked and whether it was closed. */
  private static final class Recording implements DestinationSource {
    final Map<Authority, Destination> answers;
    final List<Authority> asked = new ArrayList<>();
    boolean closed;

    Recording(Map<Authority, Destination> answers) {
      this.answers = answers;
    }

    @Override
    public Optional<Destination> lookup(Authority authority) {
      asked.add(authority);
      return Optional.ofNullable(answers.get(authority));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static Destination destination(Authority authority, String ip) {
    return new Destination(authority, List.of(new Endpoint(new InetSocketAddress(ip, 80), 1)));
  }

  @Test
  void theFirstSourceWinsForTheAuthoritiesItNames_andTheSecondIsNotAsked() {
    Recording file = new Recording(Map.of(PINNED, destination(PINNED, "10.0.0.1")));
    Recording controller =
        new Recording(
            Map.of(PINNED, destination(PINNED, "10.9.9.9"), OTHER, destination(OTHER, "10.0.0.2")));
    DestinationSource layered = LayeredDestinationSource.of(file, controller);

    assertThat(layered.lookup(PINNED)).contains(destination(PINNED, "10.0.0.1"));
    assertThat(layered.lookup(OTHER)).contains(destination(OTHER, "10.0.0.2"));
    assertThat(layered.lookup(Authority.parse("unknown:80", 80))).isEmpty();
    assertThat(controller.asked).doesNotContain(PINNED);
  }

  @Test
  void close_closesBoth() {
    Recording file = new Recording(Map.of());
    Recording controller = new Recording(Map.of());

    LayeredDestinationSource.of(file, controller).close();

    assertThat(file.closed).isTrue();
    assertThat(controller.closed).isTrue();
  }
}
