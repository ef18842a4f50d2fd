package dev.meshctl.proxy.identity;

import com.google.protobuf.ByteString;
import dev.meshctl.api.identity.CertificationRequest;
import dev.meshctl.api.identity.CertificationResponse;
import dev.meshctl.proxy.config.IdentityConfig.IdentityService;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchors;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsFile;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsPem;
import dev.meshctl.proxy.identity.CredentialsCheck.InvalidChainException;
import dev.meshctl.proxy.identity.Pem.PemException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The proxy's identity from the mesh's identity service, as Linkerd's proxy gets it: an ECDSA P-256
 * key pair made in memory at start (the private key never leaves the process and is never logged),
 * a CSR for the local identity name, and {@code Certify} calls that prove the identity with the
 * token in {@code MESH_PROXY_IDENTITY_TOKEN_FILE} (re-read for every call: Kubernetes rotates
 * projected tokens). The certificate is renewed at 70% of its lifetime; a failed call is retried
 * with jittered exponential backoff (see {@link RenewalSchedule}), keeping the current credentials
 * meanwhile.
 *
 * <p>All of the source's work runs as tasks of its {@link Scheduler}, one at a time; the gRPC
 * response is handed over to it. {@link #current()} is a volatile read.
 */
public final class CertifyIdentitySource implements IdentitySource {

  /** How long one Certify call may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger logger = Logger.getLogger(CertifyIdentitySource.class.getName());

  private static final int MAX_REASON_LENGTH = 500;

  private final String localName;
  private final String service;
  private final Path tokenFile;
  private final String trustAnchorsOrigin;
  private final List<X509Certificate> anchors;
  private final KeyPair keyPair;
  private final ByteString csr;
  private final Certifier certifier;
  private final Scheduler scheduler;
  private final RenewalSchedule schedule;
  private final DoubleSupplier random;
  private final IdentityMetrics metrics;
  private final List<Consumer<TlsCredentials>> listeners = new CopyOnWriteArrayList<>();
  private volatile TlsCredentials current;

  // Guarded by this: the next attempt, and whether the source is closed.
  private Scheduler.Scheduled next;
  private boolean closed;

  // Used only by the scheduler's tasks, one at a time.
  private int failures;

  private CertifyIdentitySource(Settings settings) {
    this.localName = settings.localName;
    this.service = settings.service;
    this.tokenFile = settings.tokenFile;
    this.trustAnchorsOrigin = settings.trustAnchorsOrigin;
    this.anchors = settings.anchors;
    this.certifier = settings.certifier;
    this.scheduler = settings.scheduler;
    this.schedule = settings.schedule;
    this.random = settings.random;
    this.metrics = settings.metrics;
    this.keyPair = SigningRequest.newKeyPair();
    this.csr = ByteString.copyFrom(SigningRequest.create(localName, keyPair));
  }

  /**
   * Reads the trust anchors, then asks the identity service for a first certificate at once, on
   * {@code executor} (a single thread the caller owns; its tasks must be quick, and {@link #close}
   * only cancels this source's). The gRPC channel has one I/O thread of its own.
   *
   * @throws IdentityFileException when the trust anchors cannot be read
   */
  public static CertifyIdentitySource start(
      String localName,
      IdentityService service,
      Path trustAnchorsFile,
      ScheduledExecutorService executor,
      IdentityMetrics metrics) {
    return start(localName, service, new TrustAnchorsFile(trustAnchorsFile), executor, metrics);
  }

  /**
   * As {@link #start(String, IdentityService, Path, ScheduledExecutorService, IdentityMetrics)},
   * with the trust anchors from a file or inline.
   *
   * @throws IdentityFileException when the trust anchors cannot be read
   */
  public static CertifyIdentitySource start(
      String localName,
      IdentityService service,
      TrustAnchors trustAnchors,
      ScheduledExecutorService executor,
      IdentityMetrics metrics) {
    List<X509Certificate> anchors = readAnchors(trustAnchors);
    Settings settings =
        new Settings(
            localName,
            "the identity service at " + service.address(),
            service.tokenFile(),
            trustAnchors.origin(),
            anchors,
            new GrpcCertifier(
                service.address(), REQUEST_TIMEOUT, anchors, service.serverName().orElse(null)),
            Scheduler.of(executor, Clock.systemUTC()),
            RenewalSchedule.DEFAULT,
            () -> ThreadLocalRandom.current().nextDouble(),
            metrics);
    return start(settings);
  }

  /** Starts with every collaborator given (tests: a stand-in certifier, virtual time). */
  static CertifyIdentitySource start(Settings settings) {
    CertifyIdentitySource source = new CertifyIdentitySource(settings);
    source.scheduleAttempt(Duration.ZERO);
    return source;
  }

  /**
   * What a source is made of.
   *
   * @param service how logs name the identity service ({@code the identity service at host:port})
   * @param trustAnchorsOrigin where the trust anchors come from (a file, a variable), for messages
   * @param anchors the trust anchors, read from {@code trustAnchorsOrigin}
   * @param random numbers in {@code [0, 1)} for the retry jitter
   */
  record Settings(
      String localName,
      String service,
      Path tokenFile,
      String trustAnchorsOrigin,
      List<X509Certificate> anchors,
      Certifier certifier,
      Scheduler scheduler,
      RenewalSchedule schedule,
      DoubleSupplier random,
      IdentityMetrics metrics) {

    Settings {
      Objects.requireNonNull(localName, "localName");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(tokenFile, "tokenFile");
      Objects.requireNonNull(trustAnchorsOrigin, "trustAnchorsOrigin");
      anchors = List.copyOf(anchors);
      Objects.requireNonNull(certifier, "certifier");
      Objects.requireNonNull(scheduler, "scheduler");
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(metrics, "metrics");
    }
  }

  /**
   * The trust anchors PEM bundle, from its file or inline.
   *
   * @throws IdentityFileException when it cannot be read or holds no certificate
   */
  static List<X509Certificate> readAnchors(TrustAnchors trustAnchors) {
    if (trustAnchors instanceof TrustAnchorsFile anchorsFile) {
      Path file = anchorsFile.file();
      try {
        return Pem.certificates(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new IdentityFileException(file, describe(e));
      } catch (PemException e) {
        throw new IdentityFileException(file, e.getMessage());
      }
    }
    try {
      return Pem.certificates(
          ((TrustAnchorsPem) trustAnchors).pem().getBytes(StandardCharsets.US_ASCII));
    } catch (PemException e) {
      throw new IdentityFileException(trustAnchors.origin(), e.getMessage());
    }
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
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops renewing and closes the connection to the identity service. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (next != null) {
        next.cancel();
        next = null;
      }
    }
    certifier.close();
  }

  private synchronized void scheduleAttempt(Duration delay) {
    if (closed) {
      return;
    }
    try {
      next = scheduler.schedule(this::attemptSafely, delay);
    } catch (RejectedExecutionException e) {
      logger.fine(() -> "identity: not scheduling another request, the executor has stopped");
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** A scheduled task: a thrown exception would end the renewals silently, so none escapes. */
  private void attemptSafely() {
    try {
      attempt();
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "identity: a certificate request failed unexpectedly", e);
      failed(e.toString());
    }
  }

  private void attempt() {
    if (isClosed()) {
      return;
    }
    byte[] token;
    try {
      token = trimmed(Files.readAllBytes(tokenFile));
    } catch (IOException e) {
      failed("cannot read the token file " + tokenFile + ": " + describe(e));
      return;
    }
    if (token.length == 0) {
      failed("the token file " + tokenFile + " is empty");
      return;
    }
    CertificationRequest request =
        CertificationRequest.newBuilder()
            .setIdentity(localName)
            .setToken(ByteString.copyFrom(token))
            .setCertificateSigningRequest(csr)
            .build();
    certifier
        .certify(request)
        .whenComplete(
            (response, error) ->
                scheduler.schedule(() -> completedSafely(response, error), Duration.ZERO));
  }

  private void completedSafely(CertificationResponse response, Throwable error) {
    try {
      completed(response, error);
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "identity: handling a certificate failed unexpectedly", e);
      failed(e.toString());
    }
  }

  private void completed(CertificationResponse response, Throwable error) {
    if (isClosed()) {
      return;
    }
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      failed(
          cause instanceof GrpcCertifier.TlsFailureException
              ? service + ": " + cause.getMessage()
              : service + " refused or did not answer: " + describe(error));
      return;
    }
    TlsCredentials credentials;
    try {
      credentials = credentials(response);
    } catch (InvalidChainException e) {
      failed(service + " sent an unusable certificate: " + e.getMessage());
      return;
    }
    boolean first = current == null;
    failures = 0;
    current = credentials;
    metrics.refreshed(credentials);
    X509Certificate leaf = credentials.leaf();
    Duration untilRenewal =
        schedule.untilRenewal(
            scheduler.now(), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    logger.info(
        () ->
            "identity: certificate for "
                + localName
                + (first ? " obtained" : " renewed")
                + ", valid until "
                + credentials.expiry()
                + "; renewing in "
                + human(untilRenewal));
    for (Consumer<TlsCredentials> listener : listeners) {
      try {
        listener.accept(credentials);
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, "identity: a certificate change listener failed", e);
      }
    }
    scheduleAttempt(untilRenewal);
  }

  private TlsCredentials credentials(CertificationResponse response) throws InvalidChainException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      chain.add(Pem.certificate(response.getLeafCertificate().toByteArray()));
      for (ByteString intermediate : response.getIntermediateCertificatesList()) {
        chain.add(Pem.certificate(intermediate.toByteArray()));
      }
    } catch (CertificateException e) {
      throw new InvalidChainException(
          "certificate " + (chain.size() + 1) + " cannot be read (" + e.getMessage() + ")");
    }
    if (!Arrays.equals(
        chain.get(0).getPublicKey().getEncoded(), keyPair.getPublic().getEncoded())) {
      throw new InvalidChainException("the certificate is not for the key of the request");
    }
    List<X509Certificate> verified =
        CredentialsCheck.verifiedChain(
            localName, chain, anchors, trustAnchorsOrigin, scheduler.now());
    return new TlsCredentials(localName, verified, keyPair.getPrivate(), anchors);
  }

  /** Logs the reason (never the token) and schedules the next attempt after a backoff. */
  private void failed(String reason) {
    failures++;
    Duration delay = schedule.retryDelay(failures, random.getAsDouble());
    TlsCredentials credentials = current;
    String what =
        credentials == null
            ? "no certificate for " + localName + " yet"
            : "cannot renew the certificate for " + localName;
    String keeping =
        credentials == null
            ? ""
            : (scheduler.now().isAfter(credentials.expiry())
                    ? "; the current certificate expired at "
                    : "; keeping the current certificate, valid until ")
                + credentials.expiry();
    int attempt = failures + 1;
    logger.info(
        () ->
            "identity: "
                + what
                + ": "
                + cut(reason)
                + keeping
                + "; retrying in "
                + human(delay)
                + " (attempt "
                + attempt
                + ")");
    scheduleAttempt(delay);
  }

  /** The token without surrounding whitespace (a hand-written file's trailing newline). */
  private static byte[] trimmed(byte[] token) {
    int from = 0;
    int to = token.length;
    while (from < to && Character.isWhitespace(token[from])) {
      from++;
    }
    while (to > from && Character.isWhitespace(token[to - 1])) {
      to--;
    }
    return Arrays.copyOfRange(token, from, to);
  }

  /** A gRPC failure as {@code CODE: description (cause)}, anything else by its message. */
  static String describe(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof StatusRuntimeException || e instanceof StatusException) {
      Status status = Status.fromThrowable(e);
      StringBuilder text = new StringBuilder(status.getCode().name());
      if (status.getDescription() != null) {
        text.append(": ").append(status.getDescription());
      }
      if (status.getCause() != null && status.getCause().getMessage() != null) {
        text.append(" (").append(status.getCause().getMessage()).append(')');
      }
      return text.toString();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "the file does not exist";
    } else if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** One line, not too long: a reason may quote a server's message. */
  private static String cut(String reason) {
    String line = reason.replaceAll("\\s*\\R\\s*", " ");
    return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH) + "...";
  }

  /** {@code 850ms}, {@code 1.2s}, {@code 3m12s}, {@code 16h48m}. */
  static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    } else if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    } else if (millis < 3_600_000) {
      return duration.toMinutes() + "m" + duration.toSecondsPart() + "s";
    }
    return duration.toHours() + "h" + duration.toMinutesPart() + "m";
  }
}
