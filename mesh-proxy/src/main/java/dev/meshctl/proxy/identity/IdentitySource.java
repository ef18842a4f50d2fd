package dev.meshctl.proxy.identity;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the proxy's {@link TlsCredentials} come from: the mesh's identity service (a certificate
 * for a key made in this process, renewed before it expires) or PEM files (re-read when they
 * change). The TLS layer reads {@link #current()} when it builds a connection's TLS context and is
 * told of every change, so a renewal applies to new connections without touching open ones.
 */
public interface IdentitySource extends AutoCloseable {

  /** The proxy's identity name, known from its configuration before any certificate. */
  String localName();

  /** The credentials now in force; empty until the first certificate has been obtained. */
  Optional<TlsCredentials> current();

  /**
   * Calls {@code listener} with every new credentials from now on (on any thread, never on an event
   * loop's critical path: the listener must be quick). The current credentials, if any, are not
   * replayed.
   */
  void onChange(Consumer<TlsCredentials> listener);

  /** Stops renewing or watching. */
  @Override
  void close();
}
