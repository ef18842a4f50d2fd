package dev.meshctl.proxy.http.client;

import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.metrics.Direction;
import dev.meshctl.proxy.metrics.Peer;
import dev.meshctl.proxy.metrics.ProxyMetrics;
import dev.meshctl.proxy.metrics.TargetAddr;
import dev.meshctl.proxy.tls.MeshTls;
import dev.meshctl.proxy.tls.TlsErrors;
import dev.meshctl.proxy.transport.ConnectionMetricsHandler;
import dev.meshctl.proxy.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The connections one direction of the proxy opens to endpoints: keep-alive HTTP/1.1 pools and
 * multiplexed HTTP/2 connections, per endpoint and per event loop. Every upstream channel lives on
 * the event loop of the request that uses it, so an exchange never crosses threads.
 */
public final class UpstreamClients {

  /** Idle keep-alive connections kept per endpoint and event loop. */
  private static final int MAX_IDLE_PER_ENDPOINT = 64;

  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final Transports transports;
  private final ProxyConfig config;
  private final ProxyMetrics metrics;
  private final Direction direction;
  private final MeshTls tls;
  private final Map<EventLoop, LoopClients> loops = new ConcurrentHashMap<>();
  private final ChannelGroup connections =
      new DefaultChannelGroup("mesh-proxy-upstream", GlobalEventExecutor.INSTANCE);

  public UpstreamClients(
      Transports transports, ProxyConfig config, ProxyMetrics metrics, Direction direction) {
    this(transports, config, metrics, direction, null);
  }

  /**
   * @param tls the mesh's mTLS, for connections to meshed endpoints; null for none (every
   *     connection in plaintext)
   */
  public UpstreamClients(
      Transports transports,
      ProxyConfig config,
      ProxyMetrics metrics,
      Direction direction,
      MeshTls tls) {
    this.tls = tls;
    this.transports = transports;
    this.config = config;
    this.metrics = metrics;
    this.direction = direction;
  }

  /**
   * An upstream channel for one request, on the given event loop: an HTTP/1 connection with the
   * client codec, or an HTTP/2 stream with the frame-to-object codec. Either way it carries {@code
   * HttpObject}s and ends in an {@link UpstreamHandler}. Must be called on {@code loop}.
   */
  public Future<Channel> acquire(EventLoop loop, InetSocketAddress target, boolean http2) {
    return acquire(loop, target, http2, null);
  }

  /**
   * An upstream channel as {@link #acquire(EventLoop, InetSocketAddress, boolean)}, or, for a
   * meshed endpoint, an HTTP/2 stream on an mTLS connection whose server proved {@code identity};
   * the stream is handed out only after the handshake succeeded, so that nothing is sent to a peer
   * that is not who it must be.
   *
   * @param identity the identity the endpoint must present, or null for plaintext
   */
  public Future<Channel> acquire(
      EventLoop loop, InetSocketAddress target, boolean http2, String identity) {
    LoopClients clients = loops.computeIfAbsent(loop, LoopClients::new);
    if (identity != null && tls != null) {
      return clients.mtls(new MeshedEndpoint(target, identity)).acquire(loop.newPromise());
    }
    return http2
        ? clients.h2(target).acquire(loop.newPromise())
        : clients.h1(target).acquire(loop.newPromise());
  }

  /** Whether requests to meshed endpoints go over mTLS (the proxy has an identity). */
  public boolean meshTls() {
    return tls != null;
  }

  /** A meshed endpoint: its address and the identity it must present. */
  private record MeshedEndpoint(InetSocketAddress address, String identity) {}

  /**
   * Gives a channel back after its exchange: an HTTP/1 connection returns to its pool when {@code
   * reusable}; anything else is closed (an unfinished HTTP/2 stream is reset).
   */
  public void release(Channel upstream, boolean reusable) {
    UpstreamHandler handler = upstream.pipeline().get(UpstreamHandler.class);
    if (handler != null) {
      handler.unbind();
    }
    if (upstream instanceof Http2StreamChannel) {
      upstream.close();
      return;
    }
    LoopClients clients = loops.get(upstream.eventLoop());
    Http1Pool pool = clients == null ? null : clients.h1.get(upstream.remoteAddress());
    if (reusable && pool != null) {
      pool.release(upstream);
    } else {
      upstream.close();
    }
  }

  /** Closes every connection to endpoints, idle or busy, and waits a little for them (shutdown). */
  public void closeAll() {
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  private Bootstrap bootstrap(EventLoop loop, InetSocketAddress target) {
    return new Bootstrap()
        .group(loop)
        .channel(transports.clientChannel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .remoteAddress(target);
  }

  /** The upstream state of one event loop; touched only on that loop. */
  private final class LoopClients {
    final EventLoop loop;
    final Map<InetSocketAddress, Http1Pool> h1 = new HashMap<>();
    final Map<InetSocketAddress, Http2Upstream> h2 = new HashMap<>();
    final Map<MeshedEndpoint, Http2Upstream> mtls = new HashMap<>();

    LoopClients(EventLoop loop) {
      this.loop = loop;
    }

    Http1Pool h1(InetSocketAddress target) {
      return h1.computeIfAbsent(target, this::newH1);
    }

    Http2Upstream h2(InetSocketAddress target) {
      return h2.computeIfAbsent(target, t -> newH2(t, null));
    }

    Http2Upstream mtls(MeshedEndpoint endpoint) {
      return mtls.computeIfAbsent(endpoint, e -> newH2(e.address(), e.identity()));
    }

    private Http1Pool newH1(InetSocketAddress target) {
      var limits = config.http1();
      long idleNanos = config.poolIdleTimeout().toNanos();
      Bootstrap bootstrap =
          bootstrap(loop, target)
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      connections.add(ch);
                      ch.pipeline()
                          .addLast(
                              "tcp-metrics",
                              new ConnectionMetricsHandler(
                                  metrics.tcp(direction, Peer.DST, TargetAddr.of(target), false)))
                          .addLast(
                              "pool-idle",
                              new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
                          .addLast(
                              "http1-codec",
                              new HttpClientCodec(
                                  new HttpDecoderConfig()
                                      .setMaxInitialLineLength(limits.maxInitialLineLength())
                                      .setMaxHeaderSize(limits.maxHeaderSize())
                                      .setMaxChunkSize(limits.maxChunkSize()),
                                  false,
                                  false))
                          .addLast("upstream", new UpstreamHandler());
                    }
                  });
      return new Http1Pool(target, bootstrap, MAX_IDLE_PER_ENDPOINT);
    }

    /**
     * @param identity for a meshed endpoint, the identity it must present over mTLS; else null
     */
    private Http2Upstream newH2(InetSocketAddress target, String identity) {
      var limits = config.http2();
      boolean meshed = identity != null;
      Bootstrap bootstrap =
          bootstrap(loop, target)
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) throws SSLException {
                      connections.add(ch);
                      ch.pipeline()
                          .addLast(
                              "tcp-metrics",
                              new ConnectionMetricsHandler(
                                  metrics.tcp(
                                      direction,
                                      Peer.DST,
                                      TargetAddr.of(target),
                                      meshed,
                                      meshed ? identity : "")));
                      if (meshed) {
                        // The server name is the identity: a proxy picks the mesh's TLS by it.
                        ch.pipeline()
                            .addLast(
                                "tls",
                                tls.client(identity)
                                    .newHandler(ch.alloc(), identity, target.getPort()));
                      }
                      ch.pipeline()
                          .addLast(
                              "http2-codec",
                              Http2FrameCodecBuilder.forClient()
                                  .initialSettings(
                                      Http2Settings.defaultSettings()
                                          .pushEnabled(false)
                                          .maxHeaderListSize(limits.maxHeaderListSize())
                                          .initialWindowSize(limits.initialWindowSize()))
                                  .validateHeaders(true)
                                  .build())
                          .addLast("http2-multiplex", new Http2MultiplexHandler(new RefusePush()));
                    }
                  });
      ChannelInitializer<Channel> stream =
          new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline()
                  .addLast("http2-to-http", new Http2StreamFrameToHttpObjectCodec(false))
                  .addLast("upstream", new UpstreamHandler());
            }
          };
      return new Http2Upstream(
          target,
          bootstrap,
          stream,
          failure -> metrics.tlsHandshakeFailed(direction, Peer.DST, TlsErrors.reason(failure)));
    }
  }

  /** Push is disabled in our SETTINGS; a stream the server opens anyway is dropped. */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class RefusePush extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }
}
