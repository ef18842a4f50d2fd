package dev.meshctl.proxy.identity;

import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchors;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsFile;
import dev.meshctl.proxy.config.IdentityConfig.TrustAnchorsPem;
import dev.meshctl.proxy.identity.CredentialsCheck.InvalidChainException;
import dev.meshctl.proxy.identity.Pem.PemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The proxy's identity from PEM files ({@code MESH_PROXY_IDENTITY_CERT_FILE}, {@code _KEY_FILE},
 * {@code _TRUST_ANCHORS_FILE}, or the trust anchors inline in {@code _TRUST_ANCHORS_PEM}), for
 * running without the identity service (cert-manager, a Secret, tests). The files are read and
 * checked at start, where a problem is fatal, then re-read on a poller thread when their content
 * changes; a bad or missing file later keeps the current credentials and logs one warning.
 *
 * <p>As {@code StaticDestinationsFile} does, change detection hashes the content on every poll
 * rather than trusting modification times: a Kubernetes Secret volume swaps a symlink to a new
 * directory, which reading through the path follows. The three files are read as one: a change to
 * any of them is a new set, checked as a whole.
 */
public final class FileIdentitySource implements IdentitySource {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger logger = Logger.getLogger(FileIdentitySource.class.getName());

  private final String localName;
  private final Path certificateFile;
  private final Path keyFile;
  private final TrustAnchors trustAnchors;
  private final Clock clock;
  private final IdentityMetrics metrics;
  private final List<Consumer<TlsCredentials>> listeners = new CopyOnWriteArrayList<>();
  private volatile TlsCredentials current;
  private volatile ScheduledFuture<?> pollTask;

  // Poll state: used only by poll(), which is synchronized.
  private byte[] lastDigest;
  private String lastProblem;
  private boolean expiryReported;

  private FileIdentitySource(
      String localName,
      CertificateFiles files,
      TrustAnchors trustAnchors,
      Clock clock,
      IdentityMetrics metrics) {
    this.localName = Objects.requireNonNull(localName, "localName");
    this.certificateFile = files.certificateFile();
    this.keyFile = files.keyFile();
    this.trustAnchors = Objects.requireNonNull(trustAnchors, "trustAnchors");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * As {@link #load(String, CertificateFiles, Path, ScheduledExecutorService, IdentityMetrics,
   * Clock, Duration)}, with the system clock, polling every second.
   */
  public static FileIdentitySource load(
      String localName,
      CertificateFiles files,
      Path trustAnchorsFile,
      ScheduledExecutorService poller,
      IdentityMetrics metrics) {
    return load(localName, files, new TrustAnchorsFile(trustAnchorsFile), poller, metrics);
  }

  /**
   * As {@link #load(String, CertificateFiles, TrustAnchors, ScheduledExecutorService,
   * IdentityMetrics, Clock, Duration)}, with the system clock, polling every second.
   */
  public static FileIdentitySource load(
      String localName,
      CertificateFiles files,
      TrustAnchors trustAnchors,
      ScheduledExecutorService poller,
      IdentityMetrics metrics) {
    return load(
        localName, files, trustAnchors, poller, metrics, Clock.systemUTC(), DEFAULT_POLL_INTERVAL);
  }

  /** As the same with the trust anchors from a file. */
  public static FileIdentitySource load(
      String localName,
      CertificateFiles files,
      Path trustAnchorsFile,
      ScheduledExecutorService poller,
      IdentityMetrics metrics,
      Clock clock,
      Duration pollInterval) {
    return load(
        localName,
        files,
        new TrustAnchorsFile(trustAnchorsFile),
        poller,
        metrics,
        clock,
        pollInterval);
  }

  /**
   * Reads and checks the files, then polls them for changes every {@code pollInterval} on {@code
   * poller} (which the caller owns and shuts down; {@link #close} only cancels this source's task).
   * Inline trust anchors are constant: only the files can change.
   *
   * @throws IdentityFileException naming the first file (or variable) that cannot be read or is not
   *     valid
   */
  public static FileIdentitySource load(
      String localName,
      CertificateFiles files,
      TrustAnchors trustAnchors,
      ScheduledExecutorService poller,
      IdentityMetrics metrics,
      Clock clock,
      Duration pollInterval) {
    Objects.requireNonNull(poller, "poller");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval " + pollInterval + " is not positive");
    }
    FileIdentitySource source =
        new FileIdentitySource(localName, files, trustAnchors, clock, metrics);
    Contents contents;
    try {
      contents = source.read();
    } catch (UnreadableFileException e) {
      throw new IdentityFileException(e.file, e.getMessage());
    }
    TlsCredentials credentials = source.check(contents);
    source.current = credentials;
    source.lastDigest = contents.digest();
    metrics.refreshed(credentials);
    logger.info(
        () ->
            source.certificateFile
                + ": certificate for "
                + localName
                + " loaded, valid until "
                + credentials.expiry());
    long nanos = pollInterval.toNanos();
    source.pollTask =
        poller.scheduleWithFixedDelay(source::pollSafely, nanos, nanos, TimeUnit.NANOSECONDS);
    return source;
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

  /** The certificate chain file as configured (possibly a symlink). */
  public Path certificateFile() {
    return certificateFile;
  }

  /** Stops polling; {@link #current()} keeps answering with the last credentials. Idempotent. */
  @Override
  public void close() {
    ScheduledFuture<?> task = pollTask;
    if (task != null) {
      task.cancel(false);
    }
  }

  /** The scheduled task: a thrown exception would silently end the schedule, so none escapes. */
  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      logger.log(
          Level.WARNING, certificateFile + ": polling failed; keeping the current certificate", e);
    }
  }

  /** Re-reads the files if their content changed. Package-private so that tests can drive it. */
  synchronized void poll() {
    Contents contents;
    try {
      contents = read();
    } catch (UnreadableFileException e) {
      // Forget the content, so that the files are checked again when they are back, even unchanged.
      lastDigest = null;
      warnOnce(e.file + ": " + e.getMessage() + "; " + keeping());
      return;
    }
    byte[] digest = contents.digest();
    if (Arrays.equals(digest, lastDigest)) {
      reportExpiry();
      return;
    }
    lastDigest = digest;
    TlsCredentials credentials;
    try {
      credentials = check(contents);
    } catch (IdentityFileException e) {
      // Logged once per distinct content: unchanged bad files are not checked again.
      lastProblem = e.getMessage();
      logger.warning(e.getMessage() + "; " + keeping());
      return;
    }
    lastProblem = null;
    expiryReported = false;
    current = credentials;
    metrics.refreshed(credentials);
    logger.info(
        () ->
            certificateFile
                + ": certificate for "
                + localName
                + " reloaded, valid until "
                + credentials.expiry());
    for (Consumer<TlsCredentials> listener : listeners) {
      try {
        listener.accept(credentials);
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, certificateFile + ": a certificate change listener failed", e);
      }
    }
  }

  /** Once per certificate: nothing renews a file's certificate but whoever writes the file. */
  private void reportExpiry() {
    TlsCredentials credentials = current;
    if (!expiryReported && clock.instant().isAfter(credentials.expiry())) {
      expiryReported = true;
      logger.warning(
          certificateFile
              + ": the certificate expired at "
              + credentials.expiry()
              + "; peers will refuse it until the file is replaced");
    }
  }

  private void warnOnce(String problem) {
    if (!problem.equals(lastProblem)) {
      lastProblem = problem;
      logger.warning(problem);
    }
  }

  private String keeping() {
    return "keeping the current certificate (valid until " + current.expiry() + ")";
  }

  private Contents read() throws UnreadableFileException {
    byte[] anchors =
        trustAnchors instanceof TrustAnchorsFile file
            ? readFile(file.file())
            : ((TrustAnchorsPem) trustAnchors).pem().getBytes(StandardCharsets.US_ASCII);
    return new Contents(readFile(certificateFile), readFile(keyFile), anchors);
  }

  /**
   * Parses and checks a set of files.
   *
   * @throws IdentityFileException naming the file at fault
   */
  private TlsCredentials check(Contents contents) {
    List<X509Certificate> anchors;
    try {
      anchors = Pem.certificates(contents.anchors);
    } catch (PemException e) {
      throw trustAnchors instanceof TrustAnchorsFile file
          ? new IdentityFileException(file.file(), e.getMessage())
          : new IdentityFileException(trustAnchors.origin(), e.getMessage());
    }
    List<X509Certificate> chain = parse(certificateFile, () -> Pem.certificates(contents.chain));
    PrivateKey key = parse(keyFile, () -> Pem.privateKey(contents.key));
    Optional<String> mismatch = CredentialsCheck.keyMismatch(key, chain.get(0));
    if (mismatch.isPresent()) {
      throw new IdentityFileException(
          keyFile, mismatch.get() + " (certificate: " + certificateFile + ")");
    }
    try {
      List<X509Certificate> verified =
          CredentialsCheck.verifiedChain(
              localName, chain, anchors, trustAnchors.origin(), clock.instant());
      return new TlsCredentials(localName, verified, key, anchors);
    } catch (InvalidChainException e) {
      throw new IdentityFileException(certificateFile, e.getMessage());
    }
  }

  private interface PemReader<T> {
    T read() throws PemException;
  }

  private static <T> T parse(Path file, PemReader<T> reader) {
    try {
      return reader.read();
    } catch (PemException e) {
      throw new IdentityFileException(file, e.getMessage());
    }
  }

  private static byte[] readFile(Path file) throws UnreadableFileException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableFileException(file, describe(e));
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "the file does not exist";
    } else if (e instanceof AccessDeniedException) {
      return "the file cannot be read (permission denied)";
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "the file cannot be read (" + reason.replaceAll("\\s*\\R\\s*", " ") + ")";
  }

  /** The three files' bytes, read one after the other. */
  private record Contents(byte[] chain, byte[] key, byte[] anchors) {

    /** One digest of the three, each length-prefixed so that bytes cannot move between files. */
    byte[] digest() {
      try {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (byte[] content : List.of(chain, key, anchors)) {
          sha256.update(
              new byte[] {
                (byte) (content.length >>> 24),
                (byte) (content.length >>> 16),
                (byte) (content.length >>> 8),
                (byte) content.length
              });
          sha256.update(content);
        }
        return sha256.digest();
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("every Java platform has SHA-256", e);
      }
    }
  }

  /** A file that cannot be read now; the message does not name it. */
  private static final class UnreadableFileException extends Exception {
    final Path file;

    UnreadableFileException(Path file, String message) {
      super(message);
      this.file = file;
    }
  }
}
