package dev.meshctl.identity.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.TestCa;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.Issuer;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.tls.ServerCertificate.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerCertificateTest {

  private static final TestCa CA = TestCa.create();
  private static final IdentityName NAME =
      IdentityName.parseDnsName(
          "meshctl-identity.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local");

  private final Issuer issuer = CA.ca().issuer(Instant.now());
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void issue_makesALeafForTheName_withTheIssuersChain_andTheLeafLifetime() throws Exception {
    Clock clock = Clock.systemUTC();

    ServerCertificate certificate =
        ServerCertificate.issue(new LeafSigner(issuer, Duration.ofHours(24), clock), NAME, clock);

    Credentials current = certificate.current();
    assertThat(current.leaf().getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, NAME.dnsName()), List.of(6, NAME.spiffeUri()));
    assertThat(current.chain()).hasSize(2).endsWith(issuer.certificate());
    assertThat(current.leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(current.key().getAlgorithm()).isEqualTo("EC");
    assertThat(Duration.between(current.issuedAt(), current.expiry()))
        .isBetween(Duration.ofHours(24).minusSeconds(1), Duration.ofHours(24));
  }

  @Test
  void renewal_isDueAt70PercentOfTheLifetime() throws Exception {
    Instant start = Instant.now();
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    ServerCertificate certificate =
        ServerCertificate.issue(new LeafSigner(issuer, Duration.ofHours(10), clock), NAME, clock);

    Duration until = certificate.untilRenewal(certificate.current());

    // notAfter is in whole seconds: within a second of 7 hours.
    assertThat(until).isBetween(Duration.ofHours(7).minusSeconds(1), Duration.ofHours(7));
  }

  @Test
  void scheduledRenewal_replacesTheCertificateAndKey_withoutBeingAsked() throws Exception {
    Clock clock = Clock.systemUTC();
    ServerCertificate certificate =
        ServerCertificate.issue(new LeafSigner(issuer, Duration.ofSeconds(3), clock), NAME, clock);
    Credentials first = certificate.current();

    certificate.scheduleRenewals(executor);

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (certificate.current() == first && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Credentials second = certificate.current();
    assertThat(second).isNotSameAs(first);
    assertThat(second.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
    assertThat(second.key()).isNotEqualTo(first.key());
    assertThat(second.issuedAt()).isBefore(first.expiry());
  }

  @Test
  void issuerThatHasExpired_issuesNothing() {
    Clock later = Clock.fixed(issuer.expiry().plusSeconds(1), ZoneOffset.UTC);

    assertThatThrownBy(
            () ->
                ServerCertificate.issue(
                    new LeafSigner(issuer, Duration.ofHours(24), later), NAME, later))
        .isInstanceOf(CertificationRefusedException.class);
  }
}
