package dev.meshctl.proxy.discovery;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Destinations from a static YAML file ({@code MESH_PROXY_DESTINATIONS_FILE}; format in {@code
 * mesh-proxy/README.md}), for running without a control plane. The file is read once at start,
 * where a bad file is fatal, then re-read on a poller thread when its content changes; a bad or
 * missing file later keeps the last good set and logs one warning.
 *
 * <p>Change detection hashes the content on every poll rather than trusting the modification time
 * alone: some file systems have a coarse modification time, and a Kubernetes ConfigMap volume swaps
 * a symlink to a new directory, which reading through the path follows. The file is small, so this
 * costs little.
 *
 * <p>{@link #lookup} is a lock-free read of a volatile immutable map whose values are prebuilt
 * {@link Optional}s, so the per-request path allocates nothing.
 */
public final class StaticDestinationsFile implements DestinationSource {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger logger = Logger.getLogger(StaticDestinationsFile.class.getName());

  private final Path file;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot;
  private volatile ScheduledFuture<?> pollTask;

  // Poll state: written only by poll(), which is synchronized.
  private byte[] lastDigest;
  private String lastProblem;

  private StaticDestinationsFile(Path file, Map<Authority, Destination> initial, byte[] digest) {
    this.file = file;
    this.snapshot = new Snapshot(initial);
    this.lastDigest = digest;
  }

  /** As {@link #load(Path, ScheduledExecutorService, Duration)}, polling every second. */
  public static StaticDestinationsFile load(Path file, ScheduledExecutorService poller) {
    return load(file, poller, DEFAULT_POLL_INTERVAL);
  }

  /**
   * Reads the file, then polls it for changes every {@code pollInterval} on {@code poller} (which
   * the caller owns and shuts down; {@link #close} only cancels this file's task).
   *
   * @throws DestinationsFileException when the file cannot be read or is not valid
   */
  public static StaticDestinationsFile load(
      Path file, ScheduledExecutorService poller, Duration pollInterval) {
    Objects.requireNonNull(poller, "poller");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval " + pollInterval + " is not positive");
    }
    byte[] content = readAtStart(file);
    Map<Authority, Destination> destinations = DestinationsYaml.parse(file, content);
    StaticDestinationsFile source = new StaticDestinationsFile(file, destinations, sha256(content));
    logger.info(() -> file + ": loaded " + count(destinations.size()));
    long nanos = pollInterval.toNanos();
    source.pollTask =
        poller.scheduleWithFixedDelay(source::pollSafely, nanos, nanos, TimeUnit.NANOSECONDS);
    return source;
  }

  /**
   * Reads and validates a destinations file once, without watching it (for checking a file before
   * use).
   *
   * @throws DestinationsFileException when the file cannot be read or is not valid
   */
  public static Map<Authority, Destination> read(Path file) {
    return Map.copyOf(DestinationsYaml.parse(file, readAtStart(file)));
  }

  @Override
  public Optional<Destination> lookup(Authority authority) {
    Optional<Destination> destination = snapshot.lookups.get(authority);
    return destination != null ? destination : Optional.empty();
  }

  /** Every destination the file defines now. */
  public Map<Authority, Destination> destinations() {
    return snapshot.destinations;
  }

  /** The file as configured (possibly a symlink). */
  public Path file() {
    return file;
  }

  /**
   * Runs {@code listener} on the poller thread after each reload that changed the destinations. A
   * listener must be quick and must not block; it reads the new set through {@link #lookup}.
   */
  public void onChange(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops polling; lookups keep answering from the last set. Idempotent. */
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
      logger.log(Level.WARNING, file + ": polling failed; keeping the current destinations", e);
    }
  }

  /** Re-reads the file if its content changed. Package-private so that tests can drive it. */
  synchronized void poll() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      // Forget the content, so that the file is parsed again when it is back, even unchanged.
      lastDigest = null;
      warnOnce(file + ": " + describe(e) + "; keeping the last " + current());
      return;
    }
    byte[] digest = sha256(content);
    if (Arrays.equals(digest, lastDigest)) {
      return;
    }
    lastDigest = digest;
    Map<Authority, Destination> destinations;
    try {
      destinations = DestinationsYaml.parse(file, content);
    } catch (DestinationsFileException e) {
      // Logged once per distinct content: an unchanged bad file is not parsed again.
      lastProblem = e.getMessage();
      logger.warning(e.getMessage() + "; keeping the last " + current());
      return;
    }
    lastProblem = null;
    Snapshot previous = snapshot;
    Snapshot next = new Snapshot(destinations);
    boolean changed = !next.destinations.equals(previous.destinations);
    if (changed) {
      snapshot = next;
    }
    logger.info(
        () ->
            file
                + ": reloaded "
                + count(next.destinations.size())
                + (changed ? "" : " (no change)"));
    if (changed) {
      notifyListeners();
    }
  }

  private void warnOnce(String problem) {
    if (!problem.equals(lastProblem)) {
      lastProblem = problem;
      logger.warning(problem);
    }
  }

  private void notifyListeners() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        logger.log(Level.WARNING, file + ": a destinations change listener failed", e);
      }
    }
  }

  private String current() {
    return count(snapshot.destinations.size());
  }

  private static String count(int destinations) {
    return destinations == 1 ? "1 destination" : destinations + " destinations";
  }

  private static byte[] readAtStart(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DestinationsFileException(file, describe(e));
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

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  /** One immutable set of destinations, indexed for allocation-free lookups. */
  private static final class Snapshot {

    final Map<Authority, Destination> destinations;
    final Map<Authority, Optional<Destination>> lookups;

    Snapshot(Map<Authority, Destination> destinations) {
      this.destinations = Map.copyOf(destinations);
      Map<Authority, Optional<Destination>> lookups = new HashMap<>();
      destinations.forEach(
          (authority, destination) -> lookups.put(authority, Optional.of(destination)));
      this.lookups = Map.copyOf(lookups);
    }
  }
}
