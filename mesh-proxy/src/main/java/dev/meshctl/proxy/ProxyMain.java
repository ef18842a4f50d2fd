package dev.meshctl.proxy;

import dev.meshctl.proxy.admin.AdminServer;
import dev.meshctl.proxy.admin.LogLevels;
import dev.meshctl.proxy.config.ConfigException;
import dev.meshctl.proxy.config.EnvironmentConfig;
import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.discovery.DestinationsFileException;
import dev.meshctl.proxy.discovery.StaticDestinationsFile;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the sidecar: reads {@code MESH_PROXY_*} configuration, loads the static destinations,
 * binds the data-path listeners and the admin server, and drains gracefully on SIGTERM or {@code
 * POST /shutdown}. A configuration it cannot start with ends it with one line that says why.
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
    } catch (StartException e) {
      System.err.println("mesh-proxy: cannot start: " + e.getMessage());
      System.exit(EXIT_START);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(EXIT_START);
    }
  }

  private static void run(ProxyConfig config) throws InterruptedException {
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mesh-proxy-destinations");
              t.setDaemon(true);
              return t;
            });
    DestinationSource destinations =
        config
            .destinationsFile()
            .<DestinationSource>map(file -> StaticDestinationsFile.load(file, poller))
            .orElseGet(NoDestinations::new);

    PrometheusRegistry registry = new PrometheusRegistry();
    PrometheusProxyMetrics metrics = new PrometheusProxyMetrics(registry);
    Proxy proxy;
    try {
      proxy = Proxy.start(config, destinations, metrics);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) { // Netty rethrows bind failures (checked IOExceptions) unchecked
      throw new StartException(describe(e), e);
    }

    Transports transports = Transports.choose(config.transport());
    EventLoopGroup adminGroup = transports.newEventLoopGroup(1, "mesh-proxy-admin");
    Shutdown shutdown = new Shutdown(proxy, config, destinations, adminGroup);
    AdminServer admin =
        new AdminServer(
            config.adminListenAddr(),
            transports,
            adminGroup,
            new MetricsExporter(registry),
            proxy::isReady,
            () -> {
              shutdown.run();
              System.exit(0);
            },
            LogLevels.root());
    try {
      admin.bind();
    } catch (IllegalStateException e) {
      proxy.close();
      throw new StartException(e.getMessage(), e);
    }
    shutdown.admin = admin;
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "mesh-proxy-shutdown"));

    long startedMs =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    LOG.info(
        () ->
            String.format(
                "mesh-proxy %s ready in %d ms (%s): outbound %s, inbound %s -> %s, admin %s",
                version(),
                startedMs,
                proxy.transport(),
                proxy.outboundAddress(),
                proxy.inboundAddress(),
                config.inboundForwardAddr().map(Object::toString).orElse("original destination"),
                admin.boundAddress()));
    shutdown.awaitTermination(); // the event loops are daemon threads: main keeps the JVM up
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
        EventLoopGroup adminGroup) {
      this.proxy = proxy;
      this.config = config;
      this.destinations = destinations;
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
      if (admin != null) {
        admin.close();
      }
      adminGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      terminated.countDown();
    }
  }

  /** Without a destinations file (and, until the controller client, anything else). */
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
