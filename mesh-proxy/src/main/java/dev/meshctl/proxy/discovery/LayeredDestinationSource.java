package dev.meshctl.proxy.discovery;

import java.util.Objects;
import java.util.Optional;

/**
 * Two sources, the first winning: an authority the first names is answered from it alone, and only
 * the others are asked of the second. The proxy puts the static destinations file over the
 * controller's Destination API this way, so that a file can pin or override some authorities while
 * the controller answers the rest (and is never asked about the file's). A lookup is two map reads
 * at most; closing closes both.
 */
public final class LayeredDestinationSource implements DestinationSource {

  private final DestinationSource first;
  private final DestinationSource second;

  private LayeredDestinationSource(DestinationSource first, DestinationSource second) {
    this.first = Objects.requireNonNull(first, "first");
    this.second = Objects.requireNonNull(second, "second");
  }

  /** {@code first} where it names the authority, else {@code second}. */
  public static DestinationSource of(DestinationSource first, DestinationSource second) {
    return new LayeredDestinationSource(first, second);
  }

  @Override
  public Optional<Destination> lookup(Authority authority) {
    Optional<Destination> destination = first.lookup(authority);
    return destination.isPresent() ? destination : second.lookup(authority);
  }

  @Override
  public void close() {
    try {
      first.close();
    } finally {
      second.close();
    }
  }
}
