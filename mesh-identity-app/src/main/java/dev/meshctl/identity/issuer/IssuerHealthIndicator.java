package dev.meshctl.identity.issuer;

import dev.meshctl.identity.ca.Issuer;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The CA's health: UP while the issuer loaded at start is valid, DOWN once it has expired (every
 * leaf it signs would be rejected). Part of the readiness group, so an expired issuer takes the
 * service out of rotation.
 */
public final class IssuerHealthIndicator implements HealthIndicator {

  private final Issuer issuer;
  private final Clock clock;

  public IssuerHealthIndicator(Issuer issuer, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Health health() {
    Instant expiry = issuer.expiry();
    Health.Builder health = clock.instant().isBefore(expiry) ? Health.up() : Health.down();
    return health
        .withDetail("issuer", issuer.certificate().getSubjectX500Principal().getName())
        .withDetail("expiresAt", expiry.toString())
        .build();
  }
}
