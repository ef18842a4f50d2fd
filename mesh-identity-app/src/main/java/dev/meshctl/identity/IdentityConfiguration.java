package dev.meshctl.identity;

import dev.meshctl.identity.ca.CaFileException;
import dev.meshctl.identity.ca.Fingerprints;
import dev.meshctl.identity.ca.Issuer;
import dev.meshctl.identity.ca.LeafSigner;
import dev.meshctl.identity.ca.TrustAnchors;
import dev.meshctl.identity.certify.CertificationRecorder;
import dev.meshctl.identity.certify.Certifier;
import dev.meshctl.identity.certify.CertifyService;
import dev.meshctl.identity.certify.MicrometerCertificationRecorder;
import dev.meshctl.identity.certify.TokenAuthenticator;
import dev.meshctl.identity.grpc.GrpcServerLifecycle;
import dev.meshctl.identity.issuer.IssuerHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the certificate authority: the CA read from files (the app does not start without a valid
 * one), the Spring-free {@link Certifier}, its metrics and health, and the gRPC server. The token
 * authenticator comes from {@link TokenModeConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Issuer issuer(IdentityProperties properties, Clock clock) throws CaFileException {
    TrustAnchors anchors = TrustAnchors.read(properties.trustAnchorsFile());
    Issuer issuer =
        Issuer.load(
            properties.issuerCertificateFile(),
            properties.issuerKeyFile(),
            anchors,
            clock.instant());
    log.info(
        "CA loaded: issuer {} valid until {}, trust anchor {} (SHA-256 {}), {} anchor(s) in the bundle",
        issuer.certificate().getSubjectX500Principal().getName(),
        issuer.expiry(),
        issuer.trustAnchor().getSubjectX500Principal().getName(),
        Fingerprints.sha256(issuer.trustAnchor()),
        anchors.certificates().size());
    return issuer;
  }

  @Bean
  LeafSigner leafSigner(Issuer issuer, IdentityProperties properties, Clock clock) {
    return new LeafSigner(issuer, properties.leafLifetime(), clock);
  }

  @Bean
  CertificationRecorder certificationRecorder(MeterRegistry registry, Issuer issuer) {
    return new MicrometerCertificationRecorder(registry, issuer);
  }

  @Bean
  Certifier certifier(
      IdentityProperties properties,
      TokenAuthenticator authenticator,
      LeafSigner signer,
      CertificationRecorder recorder) {
    log.info(
        "Certifying identities *.serviceaccount.identity.{}.{} with {} tokens",
        properties.controlPlaneNamespace(),
        properties.trustDomain(),
        properties.tokenMode().name().toLowerCase(Locale.ROOT));
    return new Certifier(
        properties.controlPlaneNamespace(),
        properties.trustDomain(),
        authenticator,
        signer,
        recorder);
  }

  @Bean
  IssuerHealthIndicator caHealthIndicator(Issuer issuer, Clock clock) {
    return new IssuerHealthIndicator(issuer, clock);
  }

  @Bean
  GrpcServerLifecycle grpcServer(
      IdentityProperties properties,
      Certifier certifier,
      @Value("${spring.lifecycle.timeout-per-shutdown-phase:20s}") Duration shutdownGrace) {
    return new GrpcServerLifecycle(
        properties.grpcPort(), List.of(new CertifyService(certifier)), shutdownGrace);
  }
}
