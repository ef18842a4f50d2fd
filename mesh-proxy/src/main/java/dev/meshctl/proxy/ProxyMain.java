package dev.meshctl.proxy;

import dev.meshctl.proxy.admin.AdminServer;
import dev.meshctl.proxy.admin.LogLevels;
import dev.meshctl.proxy.admin.Readiness;
import dev.meshctl.proxy.config.ConfigException;
import dev.meshctl.proxy.config.DestinationServiceConfig;
import dev.meshctl.proxy.config.EnvironmentConfig;
import dev.meshctl.proxy.config.IdentityConfig;
import dev.meshctl.proxy.config.IdentityConfig.CertificateFiles;
import dev.meshctl.proxy.config.IdentityConfig.IdentityService;
import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.discovery.DestinationsFileException;
import dev.meshctl.proxy.discovery.LayeredDestinationSource;
import dev.meshctl.proxy.discovery.StaticDestinationsFile;
import dev.meshctl.proxy.discovery.remote.DestinationClientMetrics;
import dev.meshctl.proxy.discovery.remote.RemoteDestinationSource;
import dev.meshctl.proxy.identity.CertifyIdentitySource;
import dev.meshctl.proxy.identity.FileIdentitySource;
import dev.meshctl.proxy.identity.IdentityFileException;
import dev.meshctl.proxy.identity.IdentityMetrics;
import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.metrics.PrometheusProxyMetrics;
import dev.meshctl.proxy.transport.Transports;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the sidecar: reads {@code MESH_PROXY_*} configuration, loads the static destinations and
 * connects to the destination service (either or both, as configured), starts the identity source
 * (when configured), binds the data-path listeners and the admin server, and drains gracefully on
 * SIGTERM or {@code POST /shutdown}. A configuration it cannot start with ends it with one line
 * that says why.
 */
public final class ProxyMain {

  /** Exit code for a configuration the proxy cannot start with. */
  static final int EXIT_CONFIG = 2;

  /** Exit code for a start-up failure outside configuration (a port in use...). */
  static final int EXIT_START = 1;

  private static final Logger LOG = Logger.getLogger(ProxyMain.class.getName());

  private ProxyMain() {}

  public static void main(String[] args) {
    ProxyConfig config;
    try {
      config = EnvironmentConfig.parse(System.getenv());
    } catch (ConfigException e) {
      System.err.println("mesh-proxy: invalid configuration: " + e.getMessage());
      System.exit(EXIT_CONFIG);
      return;
    }
    LogFormat.install(config.logLevel());
    try {
      run(config);
    } catch (DestinationsFileException e) {
      System.err.println("mesh-proxy: invalid destinations file: " + e.getMessage());
      System.exit(EXIT_CONFIG);
    } catch (IdentityFileException e) {
      System.err.println("mesh-proxy: invalid identity file: " + e.getMessage());
      System.exit(EXIT_CONFIG);
    } catch (StartException e) {
      System.err.println("mesh-proxy: cannot start: " + e.getMessage());
      System.exit(EXIT_START);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(EXIT_START);
    }
  }

  private static void run(ProxyConfig config) throws InterruptedException {
    // One thread for the small timed work off the data path: polling the destinations and
    // identity files, and the identity service's renewals (whose I/O has a thread of its own).
    ScheduledExecutorService background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mesh-proxy-background");
              t.setDaemon(true);
              return t;
            });
    Optional<StaticDestinationsFile> file =
        config.destinationsFile().map(path -> StaticDestinationsFile.load(path, background));
    PrometheusRegistry registry = new PrometheusRegistry();
    PrometheusProxyMetrics metrics = new PrometheusProxyMetrics(registry);
    Optional<RemoteDestinationSource> remote =
        config
            .destinationService()
            .map(
                service ->
                    RemoteDestinationSource.start(
                        service, DestinationClientMetrics.prometheus(registry)));
    DestinationSource destinations = destinationSource(file, remote);
    LOG.info(() -> describeDestinations(config));

    Optional<IdentitySource> identity = identitySource(config, background, registry);
    config.identity().ifPresent(settings -> LOG.info(() -> describeIdentity(settings, identity)));
    Proxy proxy;
    try {
      proxy = Proxy.start(config, destinations, metrics, identity);
    } catch (InterruptedException e) {
      identity.ifPresent(IdentitySource::close);
      destinations.close();
      throw e;
    } catch (Exception e) { // Netty rethrows bind failures (checked IOExceptions) unchecked
      identity.ifPresent(IdentitySource::close);
      destinations.close();
      throw new StartException(describe(e), e);
    }

    Transports transports = Transports.choose(config.transport());
    EventLoopGroup adminGroup = transports.newEventLoopGroup(1, "mesh-proxy-admin");
    Shutdown shutdown = new Shutdown(proxy, config, destinations, identity, adminGroup);
    AdminServer admin =
        new AdminServer(
            config.adminListenAddr(),
            transports,
            adminGroup,
            new MetricsExporter(registry),
            Readiness.of(dataPathReady(proxy, remote), identity),
            () -> {
              shutdown.run();
              System.exit(0);
            },
            LogLevels.root());
    try {
      admin.bind();
    } catch (IllegalStateException e) {
      proxy.close();
      identity.ifPresent(IdentitySource::close);
      destinations.close();
      throw new StartException(e.getMessage(), e);
    }
    shutdown.admin = admin;
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "mesh-proxy-shutdown"));

    long startedMs =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    boolean awaitingCertificate = identity.isPresent() && identity.get().current().isEmpty();
    boolean awaitingDestinations = remote.isPresent() && !remote.get().isWarm();
    LOG.info(
        () ->
            String.format(
                "mesh-proxy %s %s in %d ms (%s): outbound %s, inbound %s -> %s, admin %s%s, %s%s",
                version(),
                awaitingCertificate || awaitingDestinations ? "started" : "ready",
                startedMs,
                proxy.transport(),
                proxy.outboundAddress(),
                proxy.inboundAddress(),
                config.inboundForwardAddr().map(Object::toString).orElse("original destination"),
                admin.boundAddress(),
                proxy.tapAddress().map(a -> ", tap " + a).orElse(""),
                identity
                    .map(
                        i ->
                            "identity "
                                + i.localName()
                                + (awaitingCertificate
                                    ? " (not ready until its certificate comes)"
                                    : ""))
                    .orElse("no identity (plaintext)"),
                awaitingDestinations
                    ? "; not ready until the destination service answers for the pre-warmed"
                        + " authorities"
                    : ""));
    shutdown.awaitTermination(); // the event loops are daemon threads: main keeps the JVM up
  }

  /**
   * Where destinations come from: the static destinations file, the controller's Destination API,
   * or both with the file winning for the authorities it names; with neither, no authority is known
   * (requests go to their original destination, or are answered 502).
   */
  static DestinationSource destinationSource(
      Optional<StaticDestinationsFile> file, Optional<RemoteDestinationSource> remote) {
    if (file.isPresent() && remote.isPresent()) {
      return LayeredDestinationSource.of(file.get(), remote.get());
    }
    if (file.isPresent()) {
      return file.get();
    }
    return remote.<DestinationSource>map(r -> r).orElseGet(NoDestinations::new);
  }

  /**
   * The data path is ready when its listeners are, and the controller has answered for each
   * pre-warmed authority: until then, requests to them would be answered as unknown.
   */
  private static BooleanSupplier dataPathReady(
      Proxy proxy, Optional<RemoteDestinationSource> remote) {
    if (remote.isEmpty()) {
      return proxy::isReady;
    }
    RemoteDestinationSource source = remote.get();
    return () -> proxy.isReady() && source.isWarm();
  }

  /** The start-up line about destinations: where they come from. */
  private static String describeDestinations(ProxyConfig config) {
    String file = config.destinationsFile().map(path -> "the file " + path).orElse(null);
    if (config.destinationService().isEmpty()) {
      return "destinations: " + (file == null ? "none (no file, no destination service)" : file);
    }
    DestinationServiceConfig service = config.destinationService().get();
    return "destinations: "
        + (file == null ? "" : file + ", then ")
        + "the destination service at "
        + service.address()
        + " (an authority's streams close after "
        + (service.idleTimeout().toMillis() % 1000 == 0
            ? service.idleTimeout().toSeconds() + "s"
            : service.idleTimeout().toMillis() + "ms")
        + " unused"
        + (service.prewarmAuthorities().isEmpty()
            ? ""
            : "; pre-warmed, and awaited before ready: "
                + String.join(", ", service.prewarmAuthorities()))
        + ")";
  }

  /**
   * The proxy's identity source, from {@link ProxyConfig#identity()}: empty when no identity is
   * configured (a plaintext proxy); else PEM files, read and checked now, or the identity service,
   * asked for a first certificate at once (not waited for: {@link IdentitySource#current()} is
   * empty until it comes). Its metrics are registered in {@code registry}; its timed work runs on
   * {@code executor}, a single thread the caller owns. The caller closes the source.
   *
   * @throws IdentityFileException when an identity file cannot be read or is not valid
   */
  public static Optional<IdentitySource> identitySource(
      ProxyConfig config, ScheduledExecutorService executor, PrometheusRegistry registry) {
    if (config.identity().isEmpty()) {
      return Optional.empty();
    }
    IdentityConfig identity = config.identity().get();
    IdentityMetrics metrics = IdentityMetrics.prometheus(registry);
    if (identity.source() instanceof CertificateFiles files) {
      return Optional.of(
          FileIdentitySource.load(
              identity.localName(), files, identity.trustAnchors(), executor, metrics));
    }
    IdentityService service = (IdentityService) identity.source();
    return Optional.of(
        CertifyIdentitySource.start(
            identity.localName(), service, identity.trustAnchors(), executor, metrics));
  }

  /** The start-up line about identity: the name and where its certificate comes from. */
  private static String describeIdentity(
      IdentityConfig settings, Optional<IdentitySource> identity) {
    String name = "identity " + settings.localName() + ": certificate from ";
    if (settings.source() instanceof CertificateFiles files) {
      return name
          + "files ("
          + files.certificateFile()
          + ", "
          + files.keyFile()
          + "; trust anchors "
          + settings.trustAnchors().origin()
          + "), valid until "
          + identity.flatMap(IdentitySource::current).map(c -> c.expiry().toString()).orElse("?");
    }
    IdentityService service = (IdentityService) settings.source();
    return name
        + "the identity service at "
        + service.address()
        + " (token "
        + service.tokenFile()
        + "; trust anchors "
        + settings.trustAnchors().origin()
        + "); waiting for the first one";
  }

  static String version() {
    String version = ProxyMain.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.contains("Address already in use")
        ? "a listen address is already in use (" + message + ")"
        : message;
  }

  /** Drains once, whoever asks first (SIGTERM or POST /shutdown). */
  private static final class Shutdown implements Runnable {
    private final Proxy proxy;
    private final ProxyConfig config;
    private final DestinationSource destinations;
    private final Optional<IdentitySource> identity;
    private final EventLoopGroup adminGroup;
    volatile AdminServer admin;
    private final java.util.concurrent.CountDownLatch terminated =
        new java.util.concurrent.CountDownLatch(1);
    private boolean done;

    void awaitTermination() throws InterruptedException {
      terminated.await();
    }

    Shutdown(
        Proxy proxy,
        ProxyConfig config,
        DestinationSource destinations,
        Optional<IdentitySource> identity,
        EventLoopGroup adminGroup) {
      this.proxy = proxy;
      this.config = config;
      this.destinations = destinations;
      this.identity = identity;
      this.adminGroup = adminGroup;
    }

    @Override
    public synchronized void run() {
      if (done) {
        return;
      }
      done = true;
      LogFormat.emit(
          Level.INFO,
          ProxyMain.class,
          "draining: up to " + config.shutdownGracePeriod() + " for in-flight requests");
      try {
        boolean clean = proxy.drain(config.shutdownGracePeriod());
        LogFormat.emit(
            Level.INFO,
            ProxyMain.class,
            clean ? "drained" : "grace period over: closing the requests still in flight");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      proxy.close();
      destinations.close();
      identity.ifPresent(IdentitySource::close);
      if (admin != null) {
        admin.close();
      }
      adminGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      terminated.countDown();
    }
  }

  /** Without a destinations file or a destination service. */
  private static final class NoDestinations implements DestinationSource {
    @Override
    public Optional<dev.meshctl.proxy.discovery.Destination> lookup(
        dev.meshctl.proxy.discovery.Authority authority) {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }

  /** A start-up failure whose message is for the operator. */
  private static final class StartException extends RuntimeException {
    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
