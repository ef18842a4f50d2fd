package dev.meshctl.identity;

import dev.meshctl.identity.ca.CaFileException;
import dev.meshctl.identity.ca.CertificationRefusedException;
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
import dev.meshctl.identity.tls.ServerCertificate;
import dev.meshctl.identity.tls.ServerTls;
import io.grpc.BindableService;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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

  /** The thread that renews the Certify API's TLS certificate; only with TLS. */
  @Bean(destroyMethod = "shutdownNow")
  @ConditionalOnProperty(name = "mesh.identity.tls.enabled", havingValue = "true")
  ScheduledExecutorService serverCertificateRenewals() {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, "identity-tls-renewal");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The Certify API's TLS certificate, issued to the service itself; only with TLS. */
  @Bean
  @ConditionalOnProperty(name = "mesh.identity.tls.enabled", havingValue = "true")
  ServerCertificate serverCertificate(
      IdentityProperties properties,
      LeafSigner signer,
      Clock clock,
      ScheduledExecutorService serverCertificateRenewals)
      throws CertificationRefusedException {
    ServerCertificate certificate =
        ServerCertificate.issue(signer, properties.tlsServerName(), clock);
    certificate.scheduleRenewals(serverCertificateRenewals);
    return certificate;
  }

  @Bean
  GrpcServerLifecycle grpcServer(
      IdentityProperties properties,
      Certifier certifier,
      ObjectProvider<ServerCertificate> serverCertificate,
      @Value("${spring.lifecycle.timeout-per-shutdown-phase:20s}") Duration shutdownGrace)
      throws SSLException {
    List<BindableService> services = List.of(new CertifyService(certifier));
    ServerCertificate certificate = serverCertificate.getIfAvailable();
    if (certificate == null) {
      log.info(
          "Identity gRPC API serves plaintext (mesh.identity.tls.enabled=false): proxies send"
              + " their tokens in the clear");
      return new GrpcServerLifecycle(properties.grpcPort(), services, shutdownGrace);
    }
    SslContext tls = ServerTls.context(certificate);
    log.info(
        "Identity gRPC API serves TLS as {}, certificate valid until {}",
        certificate.name(),
        certificate.current().expiry());
    return new GrpcServerLifecycle(
        properties.grpcPort(), services, shutdownGrace, tls, "TLS as " + certificate.name());
  }
}
