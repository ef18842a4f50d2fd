package dev.meshctl.identity.ca;

import dev.meshctl.api.IdentityName;
import java.time.Instant;
import java.util.Objects;

/**
 * What a verified local-mode bootstrap token says: its holder may be certified as {@code identity}
 * until {@code expiresAt}.
 */
public record BootstrapToken(IdentityName identity, Instant issuedAt, Instant expiresAt) {

  public BootstrapToken {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
