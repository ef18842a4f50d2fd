package dev.meshctl.identity.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.identity.ca.CaGenerator;
import dev.meshctl.identity.ca.Issuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class IssuerHealthIndicatorTest {

  private final Instant now = Instant.now();
  private final Issuer issuer =
      new CaGenerator(Clock.fixed(now, ZoneOffset.UTC))
          .generate("cluster.local", "meshctl-system", Duration.ofDays(10), Duration.ofDays(1))
          .issuer(now);

  @Test
  void upWhileTheIssuerIsValid_withItsNameAndExpiry() {
    Health health = new IssuerHealthIndicator(issuer, Clock.fixed(now, ZoneOffset.UTC)).health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .containsEntry("issuer", "CN=identity.meshctl-system.cluster.local")
        .containsEntry("expiresAt", issuer.expiry().toString());
  }

  @Test
  void downOnceTheIssuerHasExpired() {
    Clock later = Clock.fixed(now.plus(Duration.ofDays(1)).plusSeconds(1), ZoneOffset.UTC);

    assertThat(new IssuerHealthIndicator(issuer, later).health().getStatus())
        .isEqualTo(Status.DOWN);
  }
}
