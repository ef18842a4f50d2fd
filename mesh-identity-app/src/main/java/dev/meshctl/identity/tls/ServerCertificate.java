package dev.meshctl.identity.tls;

import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.CertificationRefusedException;
import dev.meshctl.identity.ca.IssuedCertificate;
import dev.meshctl.identity.ca.LeafSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the identity service serves its Certify API with: issued by the service to
 * itself, from its own issuer, for its own identity name, with an ECDSA P-256 key made in memory
 * (never written anywhere). Renewed with a new key at {@link #RENEW_AT} of its lifetime, on the
 * executor given to {@link #scheduleRenewals}; {@link #current()} is what the next TLS handshake
 * uses (see {@link ServerTls}), so a renewal needs no restart.
 */
public final class ServerCertificate {

  /** The share of a certificate's lifetime after which it is replaced, as the proxies do. */
  static final double RENEW_AT = 0.7;

  /** How soon a failed renewal is tried again (never later than the certificate's expiry). */
  static final Duration RETRY = Duration.ofMinutes(1);

  /** The shortest wait between renewals, so that a tiny lifetime cannot make a busy loop. */
  static final Duration MIN_DELAY = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);

  /**
   * One certificate with its key.
   *
   * @param chain the leaf, then the issuer's chain up to (not including) the trust anchor
   * @param issuedAt when it was issued (its notBefore is backdated, see {@link LeafSigner})
   */
  public record Credentials(List<X509Certificate> chain, PrivateKey key, Instant issuedAt) {

    public Credentials {
      chain = List.copyOf(chain);
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(issuedAt, "issuedAt");
    }

    public X509Certificate leaf() {
      return chain.get(0);
    }

    public Instant expiry() {
      return leaf().getNotAfter().toInstant();
    }
  }

  private final LeafSigner signer;
  private final IdentityName name;
  private final Clock clock;
  private final AtomicReference<Credentials> current = new AtomicReference<>();
  private volatile ScheduledExecutorService executor;

  private ServerCertificate(LeafSigner signer, IdentityName name, Clock clock) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Issues the first certificate at once.
   *
   * @throws CertificationRefusedException when the issuer has expired
   */
  public static ServerCertificate issue(LeafSigner signer, IdentityName name, Clock clock)
      throws CertificationRefusedException {
    ServerCertificate certificate = new ServerCertificate(signer, name, clock);
    certificate.renew();
    return certificate;
  }

  /** The identity name the certificate carries. */
  public IdentityName name() {
    return name;
  }

  /** The certificate to serve now. */
  public Credentials current() {
    return current.get();
  }

  /**
   * Renews the certificate on {@code executor} (owned by the caller) from now on, each time at
   * {@link #RENEW_AT} of the current one's lifetime.
   */
  public void scheduleRenewals(ScheduledExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    schedule(untilRenewal(current.get()));
  }

  /** Issues a new certificate with a new key and makes it the current one. */
  Credentials renew() throws CertificationRefusedException {
    KeyPair keys = newP256KeyPair();
    Instant now = clock.instant();
    IssuedCertificate issued = signer.sign(name, keys.getPublic());
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(issued.leaf());
    chain.addAll(issued.intermediates());
    Credentials credentials = new Credentials(chain, keys.getPrivate(), now);
    current.set(credentials);
    return credentials;
  }

  /** How long from now until {@code credentials} is to be renewed. */
  Duration untilRenewal(Credentials credentials) {
    Duration lifetime = Duration.between(credentials.issuedAt(), credentials.expiry());
    Instant renewal = credentials.issuedAt().plusMillis((long) (lifetime.toMillis() * RENEW_AT));
    Duration delay = Duration.between(clock.instant(), renewal);
    return delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
  }

  private void schedule(Duration delay) {
    ScheduledExecutorService running = executor;
    try {
      running.schedule(this::renewScheduled, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Not renewing the identity service's TLS certificate: shutting down");
    }
  }

  private void renewScheduled() {
    try {
      Credentials credentials = renew();
      log.info(
          "Identity gRPC API: TLS certificate for {} renewed, valid until {}",
          name,
          credentials.expiry());
      schedule(untilRenewal(credentials));
    } catch (CertificationRefusedException | RuntimeException e) {
      Credentials kept = current.get();
      log.warn(
          "Identity gRPC API: cannot renew the TLS certificate for {}: {}; keeping the current one,"
              + " valid until {}; retrying in {}",
          name,
          e.getMessage(),
          kept.expiry(),
          RETRY);
      schedule(RETRY);
    }
  }

  private static KeyPair newP256KeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make ECDSA P-256 keys", e);
    }
  }
}
