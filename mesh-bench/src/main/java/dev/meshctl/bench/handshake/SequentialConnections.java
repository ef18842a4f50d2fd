package dev.meshctl.bench.handshake;

import dev.meshctl.bench.transport.Transport;
import dev.meshctl.proxy.tls.MeshTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.HdrHistogram.Histogram;

/**
 * Opens {@code count} connections one after the other, all on one event loop, each: connect, the
 * mesh's mTLS handshake (when {@code tls} is given), one HTTP/2 request and its whole 1 KiB
 * response, close; the next starts once the previous one is closed on this side. The time of each
 * is from the call to connect to the last byte of the response. Over mTLS the client end is set up
 * as the proxy's outbound side sets up a connection to a meshed endpoint: {@code
 * MeshTls.client(identity).newHandler(alloc, identity, port)}, the identity as server name (which
 * lets a provider that keeps sessions resume one), or, to force full handshakes, without name and
 * port.
 *
 * <pre>
 * plaintext: http2-codec -> request
 * mTLS:      server-flight -> tls -> http2-codec -> request
 * </pre>
 */
final class SequentialConnections implements OneRequestHandler.Listener {

  /**
   * What a series measured.
   *
   * @param serverFlights per connection, the bytes the server sent before the handshake completed
   *     (see {@link ServerFlightCounter}); zeros for plaintext
   */
  record Outcome(Histogram latencyNanos, long[] serverFlights, String negotiated, long wallNanos) {}

  private static final String AUTHORITY = "backend.bench.svc.cluster.local:8080";

  private final Bootstrap bootstrap;
  private final InetSocketAddress target;
  private final MeshTls tls;
  private final String serverIdentity;
  private final boolean resumable;
  private final int count;
  private final long[] flights;
  private final Promise<Outcome> done;
  private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
  private int opened;
  private String negotiated;
  private long seriesStart;
  private long connectionStart;

  /**
   * @param tls the client's TLS, or null for plaintext
   * @param serverIdentity the identity the server must prove (with {@code tls})
   * @param resumable whether the TLS engine is told the server's name and port, as the proxy does,
   *     which lets the provider resume an earlier session with it; without, every handshake is full
   */
  private SequentialConnections(
      Transport transport,
      EventLoop loop,
      InetSocketAddress target,
      MeshTls tls,
      String serverIdentity,
      boolean resumable,
      int count) {
    this.target = target;
    this.tls = tls;
    this.serverIdentity = serverIdentity;
    this.resumable = resumable;
    this.count = count;
    this.flights = new long[count];
    this.done = loop.newPromise();
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) throws SSLException {
                    initConnection(ch);
                  }
                });
  }

  /** Plaintext (h2c with prior knowledge) connections to {@code target}. */
  static Future<Outcome> plaintext(
      Transport transport, EventLoop loop, InetSocketAddress target, int count) {
    return new SequentialConnections(transport, loop, target, null, null, false, count).start(loop);
  }

  /**
   * mTLS connections to {@code target}, whose server must prove {@code serverIdentity}.
   *
   * @param resumable set up as the proxy does (the identity as server name, and the port), so that
   *     the provider may resume a session; false: no name nor port, every handshake full
   */
  static Future<Outcome> mtls(
      Transport transport,
      EventLoop loop,
      InetSocketAddress target,
      MeshTls tls,
      String serverIdentity,
      boolean resumable,
      int count) {
    return new SequentialConnections(transport, loop, target, tls, serverIdentity, resumable, count)
        .start(loop);
  }

  private Future<Outcome> start(EventLoop loop) {
    loop.execute(
        () -> {
          seriesStart = System.nanoTime();
          next();
        });
    return done;
  }

  private void initConnection(Channel ch) throws SSLException {
    if (tls != null) {
      ServerFlightCounter flight = new ServerFlightCounter();
      SslContext context = tls.client(serverIdentity);
      SslHandler ssl =
          resumable
              ? context.newHandler(ch.alloc(), serverIdentity, target.getPort())
              : context.newHandler(ch.alloc());
      ssl.handshakeFuture().addListener(f -> flight.handshakeDone());
      ch.pipeline().addLast("server-flight", flight).addLast("tls", ssl);
    }
    ch.pipeline()
        .addLast(
            "http2-codec",
            Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
                .build())
        .addLast("request", new OneRequestHandler(tls == null ? "http" : "https", AUTHORITY, this));
  }

  private void next() {
    if (opened == count) {
      done.trySuccess(new Outcome(latency, flights, negotiated, System.nanoTime() - seriesStart));
      return;
    }
    opened++;
    connectionStart = System.nanoTime();
    bootstrap
        .connect(target)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                failed(f.cause());
              }
            });
  }

  @Override
  public void responded(ChannelHandlerContext ctx) {
    latency.recordValue(System.nanoTime() - connectionStart);
    if (tls != null) {
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      flights[opened - 1] = ctx.pipeline().get(ServerFlightCounter.class).bytes();
      if (negotiated == null) {
        SSLSession session = ssl.engine().getSession();
        negotiated =
            session.getProtocol()
                + " "
                + session.getCipherSuite()
                + ", ALPN "
                + ssl.applicationProtocol();
      }
    } else if (negotiated == null) {
      negotiated = "h2c (prior knowledge)";
    }
    ctx.channel().close().addListener(f -> next());
  }

  @Override
  public void failed(Throwable cause) {
    done.tryFailure(cause);
  }
}
