package dev.meshctl.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.identity.TlsCredentials;
import dev.meshctl.proxy.testing.TestCa;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private final AtomicBoolean dataPath = new AtomicBoolean(true);

  @Test
  void withoutIdentity_isTheDataPathsReadiness() {
    BooleanSupplier ready = Readiness.of(dataPath::get, Optional.empty());

    assertThat(ready.getAsBoolean()).isTrue();
    dataPath.set(false);
    assertThat(ready.getAsBoolean()).isFalse();
  }

  @Test
  void withIdentity_isNotReadyUntilTheFirstCertificate() {
    SettableIdentity identity = new SettableIdentity();
    BooleanSupplier ready = Readiness.of(dataPath::get, Optional.of(identity));

    assertThat(ready.getAsBoolean()).isFalse();

    TestCa ca = TestCa.create("cluster.local");
    TestCa.Leaf leaf = ca.issue("web.demo.cluster.local", Duration.ofHours(1));
    identity.current =
        new TlsCredentials("web.demo.cluster.local", leaf.chain(), leaf.key(), ca.anchors());
    assertThat(ready.getAsBoolean()).isTrue();

    dataPath.set(false); // draining
    assertThat(ready.getAsBoolean()).isFalse();
  }

  private static final class SettableIdentity implements IdentitySource {
    volatile TlsCredentials current;

    @Override
    public String localName() {
      return "web.demo.cluster.local";
    }

    @Override
    public Optional<TlsCredentials> current() {
      return Optional.ofNullable(current);
    }

    @Override
    public void onChange(Consumer<TlsCredentials> listener) {}

    @Override
    public void close() {}
  }
}
