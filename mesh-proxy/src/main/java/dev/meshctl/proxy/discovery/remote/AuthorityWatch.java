package dev.meshctl.proxy.discovery.remote;

import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.GetDestination;
import dev.meshctl.api.destination.Update;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.remote.ProfileTranslation.InvalidProfileException;
import dev.meshctl.proxy.profile.ServiceProfile;
import io.grpc.Status;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One authority as the controller describes it: its {@code Get} stream (endpoints) and its {@code
 * GetProfile} stream (routes, retries, timeouts), each kept open with {@link ReconnectingStream},
 * turned into one immutable {@link Destination} published through a volatile field, so that the
 * data path reads it without a lock. While a stream is down the last state stays published: losing
 * the controller changes nothing until it says otherwise (a new stream's first message replaces the
 * set).
 *
 * <p>Nothing is published before the first {@code Get} answer, or while the controller says the
 * authority does not exist ({@code no_endpoints} with {@code exists = false}, or the call refused
 * with INVALID_ARGUMENT or NOT_FOUND): the lookup is empty, as for an unknown authority. A profile
 * that arrives before the endpoints waits for them; without one, the destination has {@link
 * ServiceProfile#none()}. An invalid profile keeps the previous one, with one warning.
 *
 * <p>All of its work but {@link #current()} and {@link #touch} runs on the client's one thread.
 */
final class AuthorityWatch {

  private static final Logger logger = Logger.getLogger(AuthorityWatch.class.getName());

  private final Authority authority;
  private final boolean pinned;
  private final ReconnectingStream<Update> endpointStream;
  private final ReconnectingStream<DestinationProfile> profileStream;

  /** The coarse tick of the last lookup; written at most once a tick by the data path. */
  private volatile long lastUsed;

  private volatile Optional<Destination> current = Optional.empty();
  private volatile boolean answered;

  // The client's thread only.
  private final EndpointSet endpoints = new EndpointSet();
  private ServiceProfile profile = ServiceProfile.none();
  private boolean refused;

  /**
   * @param pinned watched for the life of the client (pre-warmed), never dropped when idle
   * @param tick the coarse tick now, the watch's first use
   */
  private final Calls calls;

  AuthorityWatch(Authority authority, boolean pinned, long tick, Calls calls) {
    this.authority = authority;
    this.pinned = pinned;
    this.lastUsed = tick;
    this.calls = calls;
    this.endpointStream =
        calls.stream(
            DestinationClientMetrics.Kind.GET,
            observer -> calls.get(authority, observer),
            new EndpointListener());
    this.profileStream =
        calls.stream(
            DestinationClientMetrics.Kind.PROFILE,
            observer -> calls.getProfile(authority, observer),
            new ProfileListener());
  }

  /**
   * How a watch starts its calls: the stub and the request of each, and the stream settings.
   * Implemented by the client.
   */
  interface Calls {

    void get(Authority authority, ClientResponseObserver<GetDestination, Update> observer);

    void getProfile(
        Authority authority, ClientResponseObserver<GetDestination, DestinationProfile> observer);

    /**
     * Starts watching a backend of this authority's traffic split too, so that its endpoints are
     * known before the first request picks it.
     */
    default void alsoWatch(Authority backend) {}

    /**
     * A stream that starts its calls with {@code starter}, with the client's backoff and metrics.
     */
    <T> ReconnectingStream<T> stream(
        DestinationClientMetrics.Kind kind,
        Consumer<ClientResponseObserver<GetDestination, T>> starter,
        ReconnectingStream.Listener<T> listener);
  }

  Authority authority() {
    return authority;
  }

  boolean pinned() {
    return pinned;
  }

  /** The destination now: empty until the first answer, and while the authority does not exist. */
  Optional<Destination> current() {
    return current;
  }

  /** Whether the controller has answered for the authority at least once. */
  boolean answered() {
    return answered;
  }

  /** Notes a lookup at {@code tick}; a volatile read, and a write only when the tick changed. */
  void touch(long tick) {
    if (lastUsed != tick) {
      lastUsed = tick;
    }
  }

  long lastUsed() {
    return lastUsed;
  }

  void start() {
    endpointStream.start();
    profileStream.start();
  }

  void close() {
    endpointStream.close();
    profileStream.close();
  }

  private void publish() {
    Optional<Destination> next =
        endpoints.known() && endpoints.exists() && !refused
            ? Optional.of(new Destination(authority, endpoints.endpoints(), profile))
            : Optional.empty();
    if (!next.equals(current)) {
      current = next;
      logger.fine(() -> authority + ": " + (next.isPresent() ? next.get() : "no destination"));
    }
  }

  private final class EndpointListener implements ReconnectingStream.Listener<Update> {

    @Override
    public void onMessage(Update update, boolean first) {
      refused = false;
      Consumer<String> problems =
          problem -> logger.warning(authority + ": destination service update: " + problem);
      endpoints.apply(update, first, problems);
      answered = true;
      publish();
    }

    @Override
    public void onEnded(Status status, int failures, Duration retryIn) {
      if (status.getCode() == Status.Code.INVALID_ARGUMENT
          || status.getCode() == Status.Code.NOT_FOUND) {
        // The controller cannot resolve the name: an answer, "no such destination".
        if (!refused) {
          logger.fine(() -> authority + ": the destination service refused it: " + status);
        }
        refused = true;
        answered = true;
        publish();
      }
      logEnd("Get", status, failures, retryIn);
    }
  }

  private final class ProfileListener implements ReconnectingStream.Listener<DestinationProfile> {

    @Override
    public void onMessage(DestinationProfile message, boolean first) {
      ServiceProfile next;
      try {
        next = ProfileTranslation.translate(message);
      } catch (InvalidProfileException e) {
        logger.warning(
            authority
                + ": the destination service sent an invalid profile ("
                + e.getMessage()
                + "); keeping the previous one");
        return;
      }
      if (!ProfileTranslation.splits(message, authority.toString())) {
        // Only the authority itself: no split, no second lookup per request.
        next = new ServiceProfile(next.routes(), next.retryBudget());
      }
      next.dstOverrides().forEach(backend -> calls.alsoWatch(backend.authority()));
      if (!next.equals(profile)) {
        profile = next;
        publish();
      }
    }

    @Override
    public void onEnded(Status status, int failures, Duration retryIn) {
      logEnd("GetProfile", status, failures, retryIn);
    }
  }

  /**
   * A lost connection is the client's to report, once for all authorities; an error the controller
   * answered with is reported here, once until a call succeeds again.
   */
  private void logEnd(String call, Status status, int failures, Duration retryIn) {
    boolean answeredWithError =
        switch (status.getCode()) {
          case OK, CANCELLED, UNAVAILABLE, INVALID_ARGUMENT, NOT_FOUND -> false;
          default -> true;
        };
    if (answeredWithError && failures == 1) {
      logger.warning(
          authority
              + ": the destination service answered "
              + call
              + " with "
              + status.getCode()
              + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")")
              + "; keeping the last state and asking again with backoff");
      return;
    }
    logger.fine(
        () ->
            authority
                + ": "
                + call
                + " ended ("
                + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription())
                + "), failure "
                + failures
                + "; again in "
                + retryIn.toMillis()
                + " ms, keeping the last state");
  }
}
