package dev.meshctl.proxy.discovery;

import java.util.Optional;

/**
 * Where the proxy learns destinations from: the static destinations file, the controller's
 * Destination API, or both layered. Lookups are cheap and non-blocking (a map read), so the data
 * path calls {@link #lookup} per request and always sees the current set.
 */
public interface DestinationSource extends AutoCloseable {

  /** The destination the authority names now, or empty when it names none. */
  Optional<Destination> lookup(Authority authority);

  /** Stops watching for changes. */
  @Override
  void close();
}
