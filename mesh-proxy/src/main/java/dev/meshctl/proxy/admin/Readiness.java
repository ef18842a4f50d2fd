package dev.meshctl.proxy.admin;

import dev.meshctl.proxy.identity.IdentitySource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What {@code GET /ready} answers: the data path is ready (listeners bound, not draining) and, when
 * the proxy has an identity, its first certificate has come. Before that, meshed peers would refuse
 * its TLS, so Kubernetes should not send it traffic.
 */
public final class Readiness {

  private Readiness() {}

  /** Ready when {@code dataPath} is and {@code identity}, if any, has credentials; never blocks. */
  public static BooleanSupplier of(BooleanSupplier dataPath, Optional<IdentitySource> identity) {
    Objects.requireNonNull(dataPath, "dataPath");
    if (identity.isEmpty()) {
      return dataPath;
    }
    IdentitySource source = identity.get();
    return () -> dataPath.getAsBoolean() && source.current().isPresent();
  }
}
