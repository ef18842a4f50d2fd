package dev.meshctl.proxy;

import dev.meshctl.proxy.balance.BalancerConfig;
import dev.meshctl.proxy.balance.LoadBalancers;
import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.detect.ProtocolStacks;
import dev.meshctl.proxy.detect.TlsTermination;
import dev.meshctl.proxy.discovery.DestinationSource;
import dev.meshctl.proxy.http.ConnectionContext;
import dev.meshctl.proxy.http.HttpForwarding;
import dev.meshctl.proxy.http.HttpRouter;
import dev.meshctl.proxy.http.HttpServerCodecs;
import dev.meshctl.proxy.http.InFlightRequests;
import dev.meshctl.proxy.http.ServerExchangeHandler;
import dev.meshctl.proxy.http.client.UpstreamClients;
import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.inbound.InboundRouter;
import dev.meshctl.proxy.listener.ListenerInitializer;
import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.outbound.OutboundRouter;
import dev.meshctl.proxy.tap.TapServer;
import dev.meshctl.proxy.tap.Taps;
import dev.meshctl.proxy.tcp.TcpForwarder;
import dev.meshctl.proxy.tls.MeshTls;
import dev.meshctl.proxy.tls.MeshTlsTermination;
import dev.meshctl.proxy.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The data path: the inbound and outbound listeners on one event-loop group, each composed here
 * from the same parts with its own router and targets. Starting binds both; draining stops
 * accepting, lets in-flight requests finish up to a deadline, then closes everything.
 */
public final class Proxy implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Proxy.class.getName());

  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final Transports transports;
  private final EventLoopGroup group;
  private final InFlightRequests inFlight = new InFlightRequests();
  private final ChannelGroup connections =
      new DefaultChannelGroup("mesh-proxy-connections", GlobalEventExecutor.INSTANCE);
  private final UpstreamClients outboundClients;
  private final UpstreamClients inboundClients;
  private final Channel outboundListener;
  private final Channel inboundListener;
  private final Optional<MeshTls> tls;
  private final Taps taps;
  private final Optional<TapServer> tapServer;
  private volatile boolean draining;

  private Proxy(
      ProxyConfig config,
      Transports transports,
      EventLoopGroup group,
      DestinationSource destinations,
      ProxyMetrics metrics,
      Optional<IdentitySource> identity)
      throws InterruptedException {
    this.transports = transports;
    this.group = group;
    this.tls = identity.map(MeshTls::create);
    this.taps =
        new Taps(identity.map(IdentitySource::localName), config.tap().maxStreams(), metrics.tap());
    TcpForwarder tcp = new TcpForwarder(transports, metrics, config.connectTimeout());

    outboundClients =
        new UpstreamClients(transports, config, metrics, Direction.OUTBOUND, tls.orElse(null));
    HttpRouter outboundRouter =
        new OutboundRouter(
            destinations,
            LoadBalancers.create(BalancerConfig.defaults(), config.outboundBalancer()),
            metrics);
    ProtocolStacks outbound =
        stacks(
            config,
            metrics,
            tcp,
            outboundRouter,
            outboundClients,
            ConnectionContext::originalDst,
            TlsTermination.RELAY);

    inboundClients = new UpstreamClients(transports, config, metrics, Direction.INBOUND);
    Optional<InetSocketAddress> forward = config.inboundForwardAddr();
    InboundRouter inboundRouter = new InboundRouter(forward, config.inboundPortsRequireIdentity());
    ProtocolStacks inbound =
        stacks(
            config,
            metrics,
            tcp,
            inboundRouter,
            inboundClients,
            inboundRouter::opaqueTarget,
            tls.<TlsTermination>map(
                    t ->
                        new MeshTlsTermination(
                            t,
                            metrics,
                            config.detectTimeout(),
                            config.http1().maxInitialLineLength()))
                .orElse(TlsTermination.RELAY));

    outboundListener =
        bind(config.outboundListenAddr(), Direction.OUTBOUND, config, metrics, outbound);
    inboundListener = bind(config.inboundListenAddr(), Direction.INBOUND, config, metrics, inbound);
    // Last: its own threads are not stopped with the event loops when a bind above fails.
    tapServer = TapServer.start(config.tap(), identity, taps);
  }

  /**
   * Binds both listeners.
   *
   * @throws InterruptedException when interrupted while binding
   * @throws io.netty.channel.ChannelException (or a subclass of IOException) when an address cannot
   *     be bound
   */
  public static Proxy start(
      ProxyConfig config, DestinationSource destinations, ProxyMetrics metrics)
      throws InterruptedException {
    return start(config, destinations, metrics, Optional.empty());
  }

  /**
   * Binds both listeners, with the mesh's mTLS when the proxy has an identity: inbound, TLS named
   * for this proxy's identity is terminated; outbound, requests to meshed endpoints go over mTLS.
   *
   * @param identity where the proxy's certificate comes from; empty for a proxy without identity
   *     (plaintext everywhere)
   */
  public static Proxy start(
      ProxyConfig config,
      DestinationSource destinations,
      ProxyMetrics metrics,
      Optional<IdentitySource> identity)
      throws InterruptedException {
    Transports transports = Transports.choose(config.transport());
    EventLoopGroup group = transports.newEventLoopGroup(config.eventLoopThreads(), "mesh-proxy");
    try {
      return new Proxy(config, transports, group, destinations, metrics, identity);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  private ProtocolStacks stacks(
      ProxyConfig config,
      ProxyMetrics metrics,
      TcpForwarder tcp,
      HttpRouter router,
      UpstreamClients clients,
      Function<ConnectionContext, Optional<InetSocketAddress>> opaqueTarget,
      TlsTermination tlsTermination) {
    HttpForwarding forwarding = new HttpForwarding(router, clients, metrics, taps, inFlight);
    return new ProtocolStacks(
        new HttpServerCodecs(config, forwarding), tcp, opaqueTarget, tlsTermination);
  }

  private Channel bind(
      InetSocketAddress address,
      Direction direction,
      ProxyConfig config,
      ProxyMetrics metrics,
      ProtocolStacks stacks)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(transports.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ListenerInitializer(direction, config, metrics, stacks, connections))
        .bind(address)
        .sync()
        .channel();
  }

  public InetSocketAddress outboundAddress() {
    return (InetSocketAddress) outboundListener.localAddress();
  }

  public InetSocketAddress inboundAddress() {
    return (InetSocketAddress) inboundListener.localAddress();
  }

  /** Where the tap server listens, when it runs. */
  public Optional<InetSocketAddress> tapAddress() {
    return tapServer.map(TapServer::address);
  }

  public String transport() {
    return transports.name();
  }

  /**
   * Both listeners are bound, the proxy is not draining, and, with an identity, it has a
   * certificate.
   */
  public boolean isReady() {
    return !draining
        && outboundListener.isActive()
        && inboundListener.isActive()
        && tls.map(MeshTls::hasCredentials).orElse(true);
  }

  /** The mesh's mTLS, when the proxy has an identity. */
  public Optional<MeshTls> meshTls() {
    return tls;
  }

  public InFlightRequests inFlight() {
    return inFlight;
  }

  /**
   * Stops accepting, asks every connection to finish (HTTP/1 closes after its current response,
   * HTTP/2 sends GOAWAY), and waits up to {@code grace} for in-flight requests. Blocks; call it off
   * the event loops.
   *
   * @return true when every in-flight request finished in time
   */
  public boolean drain(Duration grace) throws InterruptedException {
    draining = true;
    outboundListener.close().await();
    inboundListener.close().await();
    for (Channel ch : connections) {
      ch.eventLoop()
          .execute(() -> ch.pipeline().fireUserEventTriggered(ServerExchangeHandler.DRAIN));
    }
    boolean clean = inFlight.awaitNone(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (!clean) {
      LOG.warning(
          () -> inFlight.count() + " request(s) still in flight after " + grace + ": closing them");
    }
    return clean;
  }

  /** Closes every connection and stops the event loops. */
  @Override
  public void close() {
    draining = true;
    tapServer.ifPresent(TapServer::close);
    outboundListener.close();
    inboundListener.close();
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    outboundClients.closeAll();
    inboundClients.closeAll();
    // A short quiet period lets the closed channels' last events run (and release their buffers).
    group
        .shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
