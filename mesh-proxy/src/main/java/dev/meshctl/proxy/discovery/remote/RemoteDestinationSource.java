package dev.meshctl.proxy.discovery.remote;

import dev.meshctl.api.destination.DestinationGrpc;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.GetDestination;
import dev.meshctl.api.destination.Update;
import dev.meshctl.proxy.config.DestinationServiceConfig;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.DestinationSource;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Destinations from the controller's Destination API ({@code destination.proto}), as Linkerd's
 * proxy gets them: the first lookup of an authority starts its {@code Get} and {@code GetProfile}
 * streams and answers empty (no destination yet); later lookups read the last {@link Destination}
 * the streams built, a volatile read per lookup with no lock and no allocation. An authority not
 * looked up for the idle timeout has its streams closed and is forgotten; pre-warmed authorities
 * are watched from the start and never dropped.
 *
 * <p>One gRPC channel carries every stream, with one I/O thread of its own; every callback, the
 * translation of updates and the timers run on one more thread, so the data path's event loops
 * never wait on the controller. A stream that fails or ends is started again after a jittered
 * exponential backoff (500 ms doubling to 30 s), and while the channel cannot connect it is
 * reconnected on the same schedule; calls wait for the connection rather than failing. Meanwhile
 * lookups keep answering the last known state.
 *
 * <p>At most {@link Settings#maxAuthorities} authorities are watched at once (the authority is
 * whatever a client's {@code Host} says); beyond that a new authority is not watched, and is
 * answered as unknown, with one warning.
 */
public final class RemoteDestinationSource implements DestinationSource {

  /** How many authorities may be watched at once by default. */
  public static final int DEFAULT_MAX_AUTHORITIES = 10_000;

  /**
   * HTTP/2 keepalive on the channel while streams are open, so that a controller that vanished
   * without closing the connection is noticed. Not more often: a gRPC server refuses pings more
   * frequent than its permitted keepalive time, 5 minutes by default, by closing the connection.
   */
  static final Duration KEEPALIVE_TIME = Duration.ofMinutes(5);

  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger logger = Logger.getLogger(RemoteDestinationSource.class.getName());

  private final Settings settings;
  private final ScheduledThreadPoolExecutor executor;
  private final EventLoopGroup group;
  private final ManagedChannel channel;
  private final DestinationGrpc.DestinationStub stub;
  private final Calls calls = new Calls();
  private final Map<Authority, AuthorityWatch> watches = new ConcurrentHashMap<>();
  private final List<AuthorityWatch> pinned;
  private final long idleTicks;
  private final long tickNanos;

  /** The coarse clock lookups stamp their watch with: advanced by one each tick. */
  private volatile long tick;

  private volatile boolean closed;
  private volatile boolean capWarned;

  // The client's thread only: the channel's connectivity.
  private boolean unreachable;
  private int connectFailures;
  private ScheduledFuture<?> reconnect;

  private RemoteDestinationSource(Settings settings) {
    this.settings = settings;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1, new DefaultThreadFactory("mesh-proxy-destination", true));
    this.executor.setRemoveOnCancelPolicy(true);
    this.group =
        new NioEventLoopGroup(1, new DefaultThreadFactory("mesh-proxy-destination-io", true));
    this.channel =
        NettyChannelBuilder.forTarget(settings.target())
            .usePlaintext()
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .executor(executor)
            .keepAliveTime(KEEPALIVE_TIME.toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(KEEPALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
            .userAgent("mesh-proxy")
            .build();
    this.stub = DestinationGrpc.newStub(channel).withWaitForReady();
    long idleNanos = settings.idleTimeout().toNanos();
    // Ten ticks an idle timeout, at most a second apart: a watch is dropped within a tenth (or a
    // second) after the timeout, and a lookup writes its watch's stamp at most once a tick.
    this.tickNanos =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(1),
            Math.min(TimeUnit.SECONDS.toNanos(1), idleNanos / 10));
    this.idleTicks = (idleNanos + tickNanos - 1) / tickNanos;
    List<AuthorityWatch> prewarmed = new ArrayList<>();
    for (Authority authority : settings.prewarm()) {
      AuthorityWatch watch = new AuthorityWatch(authority, true, 0, calls);
      prewarmed.add(watch);
      watches.put(authority, watch);
    }
    this.pinned = List.copyOf(prewarmed);
  }

  /**
   * Connects to the Destination API {@code config} names (lazily: the first call opens the
   * connection) and starts watching its pre-warmed authorities; records nothing.
   */
  public static RemoteDestinationSource start(DestinationServiceConfig config) {
    return start(config, DestinationClientMetrics.none());
  }

  /**
   * Connects to the Destination API {@code config} names (lazily: the first call opens the
   * connection) and starts watching its pre-warmed authorities, its streams recorded in {@code
   * metrics}.
   */
  public static RemoteDestinationSource start(
      DestinationServiceConfig config, DestinationClientMetrics metrics) {
    List<Authority> prewarm =
        config.prewarmAuthorities().stream().map(text -> Authority.parse(text, 80)).toList();
    return start(
        new Settings(
            config.address(),
            config.contextToken(),
            config.idleTimeout(),
            prewarm,
            Backoff.DEFAULT,
            DEFAULT_MAX_AUTHORITIES,
            () -> ThreadLocalRandom.current().nextDouble(),
            metrics));
  }

  /** Starts with every setting given (tests: a quick backoff, a short idle timeout). */
  static RemoteDestinationSource start(Settings settings) {
    RemoteDestinationSource source = new RemoteDestinationSource(settings);
    source.executor.execute(
        () -> {
          source.pinned.forEach(AuthorityWatch::start);
          source.onConnectivityChange();
        });
    source.executor.scheduleAtFixedRate(
        source::sweepSafely, source.tickNanos, source.tickNanos, TimeUnit.NANOSECONDS);
    return source;
  }

  /**
   * What the client is made of.
   *
   * @param target the Destination API as a gRPC target, {@code host:port}
   * @param contextToken sent in every request's {@code context_token}
   * @param idleTimeout an authority not looked up for this long is dropped
   * @param prewarm watched from the start and never dropped
   * @param backoff between attempts after a stream ended or a connection failed
   * @param maxAuthorities how many authorities may be watched at once
   * @param random numbers in {@code [0, 1)} for the backoff's jitter
   * @param metrics what the streams record
   */
  record Settings(
      String target,
      String contextToken,
      Duration idleTimeout,
      List<Authority> prewarm,
      Backoff backoff,
      int maxAuthorities,
      DoubleSupplier random,
      DestinationClientMetrics metrics) {

    /** Settings that record nothing. */
    Settings(
        String target,
        String contextToken,
        Duration idleTimeout,
        List<Authority> prewarm,
        Backoff backoff,
        int maxAuthorities,
        DoubleSupplier random) {
      this(
          target,
          contextToken,
          idleTimeout,
          prewarm,
          backoff,
          maxAuthorities,
          random,
          DestinationClientMetrics.none());
    }

    Settings {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(contextToken, "contextToken");
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("idle timeout " + idleTimeout + " is not positive");
      }
      prewarm = List.copyOf(prewarm);
      Objects.requireNonNull(backoff, "backoff");
      if (maxAuthorities < prewarm.size() || maxAuthorities < 1) {
        throw new IllegalArgumentException(
            "at most " + maxAuthorities + " authorities, but " + prewarm.size() + " pre-warmed");
      }
      Objects.requireNonNull(random, "random");
      Objects.requireNonNull(metrics, "metrics");
    }
  }

  /**
   * The authority's destination as last described by the controller; empty when it is not known
   * (yet). The first lookup of an authority starts watching it and is empty: the request is treated
   * as for an unknown authority (forwarded to its original destination when it was redirected, else
   * answered 502), and the requests after the first answer see the destination.
   */
  @Override
  public Optional<Destination> lookup(Authority authority) {
    AuthorityWatch watch = watches.get(authority);
    if (watch == null) {
      watch = watch(authority);
      if (watch == null) {
        return Optional.empty();
      }
    }
    watch.touch(tick);
    return watch.current();
  }

  /** A new watch for the authority, started on the client's thread; null when none may be made. */
  private AuthorityWatch watch(Authority authority) {
    if (closed) {
      return null;
    }
    if (watches.size() >= settings.maxAuthorities()) {
      if (!capWarned) {
        capWarned = true;
        logger.warning(
            () ->
                "watching "
                    + settings.maxAuthorities()
                    + " authorities already: "
                    + authority
                    + " and any other new one are answered as unknown until some are idle for "
                    + format(settings.idleTimeout()));
      }
      return null;
    }
    AuthorityWatch fresh = new AuthorityWatch(authority, false, tick, calls);
    AuthorityWatch raced = watches.putIfAbsent(authority, fresh);
    if (raced != null) {
      return raced;
    }
    try {
      executor.execute(fresh::start);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile: the watch answers empty for ever.
    }
    return fresh;
  }

  /**
   * Whether every pre-warmed authority has had a first answer from the controller (true when there
   * are none). The proxy is not ready before.
   */
  public boolean isWarm() {
    for (int i = 0; i < pinned.size(); i++) {
      if (!pinned.get(i).answered()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the authority is watched now. */
  boolean watching(Authority authority) {
    return watches.containsKey(authority);
  }

  /**
   * Stops watching: closes every stream and the connection. Lookups go on answering the last
   * states, and watch nothing new. Idempotent; waits up to about two seconds.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      executor.execute(() -> watches.values().forEach(AuthorityWatch::close));
    } catch (RejectedExecutionException e) {
      // Already shut down.
    }
    channel.shutdownNow();
    try {
      channel.awaitTermination(1, TimeUnit.SECONDS);
      executor.shutdown();
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** The scheduled task: a thrown exception would silently end the schedule, so none escapes. */
  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      logger.log(Level.WARNING, "dropping idle destination watches failed", e);
    }
  }

  /** Each tick: advance the coarse clock, and drop the watches idle for the idle timeout. */
  private void sweep() {
    long now = tick + 1;
    tick = now; // only this thread writes it
    for (AuthorityWatch watch : watches.values()) {
      if (!watch.pinned()
          && now - watch.lastUsed() > idleTicks
          && watches.remove(watch.authority(), watch)) {
        watch.close();
        logger.fine(
            () ->
                watch.authority()
                    + ": not looked up for "
                    + format(settings.idleTimeout())
                    + "; its streams are closed");
      }
    }
  }

  /**
   * Follows the channel's connectivity: warns once when the controller cannot be reached and says
   * when it is back, and while it cannot connect, makes it try again on the backoff's schedule
   * rather than gRPC's own (which grows to two minutes).
   */
  private void onConnectivityChange() {
    if (closed) {
      return;
    }
    ConnectivityState state = channel.getState(false);
    if (state == ConnectivityState.READY) {
      if (unreachable) {
        logger.info(
            () -> "the destination service at " + settings.target() + " is reachable again");
      }
      unreachable = false;
      connectFailures = 0;
      if (reconnect != null) {
        reconnect.cancel(false);
        reconnect = null;
      }
    } else if (state == ConnectivityState.TRANSIENT_FAILURE) {
      if (!unreachable) {
        unreachable = true;
        logger.warning(
            () ->
                "cannot reach the destination service at "
                    + settings.target()
                    + "; keeping the last known destinations and trying again with backoff");
      }
      if (reconnect == null) {
        connectFailures++;
        Duration delay = settings.backoff().delay(connectFailures, settings.random().getAsDouble());
        reconnect =
            executor.schedule(
                () -> {
                  reconnect = null;
                  channel.resetConnectBackoff();
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
      }
    }
    // The callback runs on the channel's executor: this client's thread.
    channel.notifyWhenStateChanged(state, this::onConnectivityChange);
  }

  /** {@code 10m}, {@code 30s}, {@code 500ms}: as durations are configured. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private GetDestination request(Authority authority) {
    return GetDestination.newBuilder()
        .setScheme("http")
        .setPath(authority.toString())
        .setContextToken(settings.contextToken())
        .build();
  }

  /** How the watches start their calls. */
  private final class Calls implements AuthorityWatch.Calls {

    @Override
    public void get(Authority authority, ClientResponseObserver<GetDestination, Update> observer) {
      stub.get(request(authority), observer);
    }

    @Override
    public void getProfile(
        Authority authority, ClientResponseObserver<GetDestination, DestinationProfile> observer) {
      stub.getProfile(request(authority), observer);
    }

    @Override
    public void alsoWatch(Authority backend) {
      lookup(backend);
    }

    @Override
    public <T> ReconnectingStream<T> stream(
        DestinationClientMetrics.Kind kind,
        Consumer<ClientResponseObserver<GetDestination, T>> starter,
        ReconnectingStream.Listener<T> listener) {
      return new ReconnectingStream<>(
          kind,
          starter,
          listener,
          executor,
          settings.backoff(),
          settings.random(),
          settings.metrics());
    }
  }
}
