package dev.meshctl.proxy.testing;

import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.identity.TlsCredentials;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An identity source a test sets by hand: the credentials it holds, changed when told. */
public final class MutableIdentity implements IdentitySource {

  private final String localName;
  private final List<Consumer<TlsCredentials>> listeners = new CopyOnWriteArrayList<>();
  private volatile TlsCredentials current;

  public MutableIdentity(String localName) {
    this.localName = localName;
  }

  /** An identity holding {@code credentials} from the start. */
  public static MutableIdentity of(TlsCredentials credentials) {
    MutableIdentity identity = new MutableIdentity(credentials.localName());
    identity.current = credentials;
    return identity;
  }

  /** Puts new credentials in force and tells the listeners, as a renewal does. */
  public void set(TlsCredentials credentials) {
    current = credentials;
    listeners.forEach(l -> l.accept(credentials));
  }

  @Override
  public String localName() {
    return localName;
  }

  @Override
  public Optional<TlsCredentials> current() {
    return Optional.ofNullable(current);
  }

  @Override
  public void onChange(Consumer<TlsCredentials> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {}
}
