package dev.meshctl.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a loopback port for the proxy's integration tests: HTTP/1.1 and h2c (prior
 * knowledge) on the same port, as an endpoint of a meshed service would be. Every response carries
 * {@code x-backend} (this backend's name) and {@code x-uri}; every request is recorded with the
 * SHA-256 of the body that arrived and whether it arrived complete.
 *
 * <p>What a request gets depends on its path:
 *
 * <ul>
 *   <li>{@code /bytes?n=N[&chunked=true]}: N payload bytes ({@link Payload}), with a Content-Length
 *       or chunked, streamed with backpressure
 *   <li>{@code /slow?ms=M}: the default answer, M milliseconds after the request ended
 *   <li>{@code /flaky?fail=P[&status=S]}: status S (500) for a random share P of requests (1 for
 *       all), else the default answer
 *   <li>{@code /cut}: a head promising 1000 bytes, 10 of them, then the connection is closed
 *   <li>{@code /trailers}: a chunked "hello world" with trailers {@code x-trailer-sha} and {@code
 *       x-trailer-count}
 *   <li>{@code /hop-response}: a response carrying hop-by-hop headers of its own
 *   <li>a request with {@code Connection: upgrade} and {@code Upgrade: websocket} (HTTP/1.1): a
 *       101, after which the connection echoes raw bytes
 *   <li>anything else: 200 with the hex SHA-256 of the request body as the body, and {@code
 *       x-received-bytes}
 * </ul>
 *
 * A request with {@code Expect: 100-continue} gets a 100 first.
 */
public final class TestBackend implements AutoCloseable {

  /**
   * A request as the backend received it.
   *
   * @param uri the request target in origin-form (path and query), whatever form it came in
   * @param rawUri the request target as it came
   */
  public record RecordedRequest(
      String protocol,
      String method,
      String uri,
      String rawUri,
      HttpHeaders headers,
      long bodyBytes,
      String sha256,
      boolean complete) {}

  private static final int CHUNK = 64 * 1024;

  private final String name;
  private final EventLoopGroup group;
  private final ChannelGroup connections =
      new DefaultChannelGroup("test-backend", GlobalEventExecutor.INSTANCE);
  private final Queue<RecordedRequest> recorded = new ConcurrentLinkedQueue<>();
  private final AtomicInteger started = new AtomicInteger();
  private volatile long delayMillis;
  private volatile boolean failAll;
  private final Channel server;

  private TestBackend(String name) throws InterruptedException {
    this.name = name;
    this.group =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("test-backend-" + name, true), NioIoHandler.newFactory());
    try {
      this.server =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // Leak detection is for the proxy under test: the backend's own buffers skip it,
              // which keeps the large-body cases fast under the paranoid level.
              .childOption(ChannelOption.ALLOCATOR, new UnpooledByteBufAllocator(true, true))
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      connections.add(ch);
                      ch.pipeline().addLast("sniff", new ProtocolSniffer());
                    }
                  })
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .sync()
              .channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  public static TestBackend start(String name) throws InterruptedException {
    return new TestBackend(name);
  }

  public String name() {
    return name;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Every request seen so far, complete or cut off, in the order they ended. */
  public List<RecordedRequest> requests() {
    return List.copyOf(recorded);
  }

  /** The requests whose whole body arrived. */
  public List<RecordedRequest> completeRequests() {
    return recorded.stream().filter(RecordedRequest::complete).toList();
  }

  /** Request heads received so far (complete or not). */
  public int requestsStarted() {
    return started.get();
  }

  /** Adds {@code delay} before every response from now on (zero: none), as a slow endpoint. */
  public void delay(Duration delay) {
    delayMillis = delay.toMillis();
  }

  /** Whether every request from now on gets a 500, whatever its path, as a broken endpoint. */
  public void failAll(boolean fail) {
    failAll = fail;
  }

  /** Stops listening and cuts every open connection, as a crashed process would. */
  public void kill() {
    server.close().syncUninterruptibly();
    connections.close().syncUninterruptibly();
  }

  @Override
  public void close() {
    kill();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Tells HTTP/2 prior knowledge ("PRI * HTTP/2.0") from HTTP/1 by the first bytes. */
  private final class ProtocolSniffer extends ByteToMessageDecoder {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      if (in.readableBytes() < 3) {
        return;
      }
      ChannelPipeline pipeline = ctx.pipeline();
      if (in.toString(in.readerIndex(), 3, StandardCharsets.US_ASCII).equals("PRI")) {
        pipeline.addLast(
            "h2",
            Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(1000))
                .build());
        pipeline.addLast(
            "h2-multiplex",
            new Http2MultiplexHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel stream) {
                    stream
                        .pipeline()
                        .addLast("h2-to-http", new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast("backend", new BackendHandler("HTTP/2"));
                  }
                }));
      } else {
        pipeline.addLast("h1", new HttpServerCodec());
        pipeline.addLast("backend", new BackendHandler("HTTP/1.1"));
      }
      pipeline.remove(this);
    }
  }

  /** Serves the requests of one HTTP/1 connection (one at a time) or of one HTTP/2 stream. */
  private final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final String protocol;
    private HttpRequest head;
    private MessageDigest digest;
    private long bodyBytes;
    private boolean keepAlive;
    private long toSend;
    private long sent;

    BackendHandler(String protocol) {
      this.protocol = protocol;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest request) {
          head = request;
          started.incrementAndGet();
          digest = Payload.newDigest();
          bodyBytes = 0;
          keepAlive = HttpUtil.isKeepAlive(request);
          if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
          }
        }
        if (msg instanceof HttpContent content && head != null) {
          ByteBuf buf = content.content();
          bodyBytes += buf.readableBytes();
          digest.update(buf.nioBuffer());
          if (content instanceof LastHttpContent) {
            HttpRequest request = head;
            head = null;
            String sha = Payload.hex(digest);
            recorded.add(
                new RecordedRequest(
                    protocol,
                    request.method().name(),
                    originForm(request.uri()),
                    request.uri(),
                    request.headers().copy(),
                    bodyBytes,
                    sha,
                    true));
            long bytes = bodyBytes;
            long delay = delayMillis;
            if (delay > 0) {
              ctx.executor()
                  .schedule(() -> respond(ctx, request, sha, bytes), delay, TimeUnit.MILLISECONDS);
            } else {
              respond(ctx, request, sha, bytes);
            }
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable() && sent < toSend) {
        pump(ctx);
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (head != null) {
        recorded.add(
            new RecordedRequest(
                protocol,
                head.method().name(),
                originForm(head.uri()),
                head.uri(),
                head.headers().copy(),
                bodyBytes,
                Payload.hex(digest),
                false));
        head = null;
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request, String sha, long bytes) {
      QueryStringDecoder query = new QueryStringDecoder(originForm(request.uri()));
      String path = query.path();
      if (protocol.startsWith("HTTP/1")
          && request.headers().containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)
          && request.headers().contains(HttpHeaderNames.UPGRADE, "websocket", true)) {
        switchToEcho(ctx, request);
        return;
      }
      if (failAll) {
        FullHttpResponse response =
            full(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "failing\n");
        ctx.writeAndFlush(response).addListener(endOfResponse());
        return;
      }
      switch (path) {
        case "/bytes" -> {
          long n = Long.parseLong(param(query, "n", "0"));
          boolean chunked = Boolean.parseBoolean(param(query, "chunked", "false"));
          HttpResponse response = head(request, HttpResponseStatus.OK);
          if (chunked) {
            HttpUtil.setTransferEncodingChunked(response, true);
          } else {
            HttpUtil.setContentLength(response, n);
          }
          response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
          ctx.write(response);
          toSend = n;
          sent = 0;
          pump(ctx);
        }
        case "/slow" -> {
          long ms = Long.parseLong(param(query, "ms", "1000"));
          ctx.executor()
              .schedule(() -> sendFull(ctx, request, sha, bytes), ms, TimeUnit.MILLISECONDS);
        }
        case "/flaky" -> {
          double fail = Double.parseDouble(param(query, "fail", "0.2"));
          int status = Integer.parseInt(param(query, "status", "500"));
          if (ThreadLocalRandom.current().nextDouble() < fail) {
            FullHttpResponse response =
                full(ctx, request, HttpResponseStatus.valueOf(status), "flaky\n");
            ctx.writeAndFlush(response).addListener(endOfResponse());
          } else {
            sendFull(ctx, request, sha, bytes);
          }
        }
        case "/cut" -> {
          HttpResponse response = head(request, HttpResponseStatus.OK);
          HttpUtil.setContentLength(response, 1000);
          ctx.write(response);
          ByteBuf part = ctx.alloc().buffer(10);
          Payload.fill(part, 0, 10);
          ctx.writeAndFlush(new DefaultHttpContent(part)).addListener(ChannelFutureListener.CLOSE);
        }
        case "/trailers" -> {
          HttpResponse response = head(request, HttpResponseStatus.OK);
          HttpUtil.setTransferEncodingChunked(response, true);
          ctx.write(response);
          ctx.write(new DefaultHttpContent(ByteBufUtil.writeAscii(ctx.alloc(), "hello ")));
          ctx.write(new DefaultHttpContent(ByteBufUtil.writeAscii(ctx.alloc(), "world")));
          LastHttpContent last = new DefaultLastHttpContent();
          last.trailingHeaders().set("x-trailer-sha", sha256Hex("hello world"));
          last.trailingHeaders().set("x-trailer-count", "2");
          ctx.writeAndFlush(last).addListener(endOfResponse());
        }
        case "/hop-response" -> {
          FullHttpResponse response = full(ctx, request, HttpResponseStatus.OK, "hop\n");
          response
              .headers()
              .add(HttpHeaderNames.CONNECTION, "x-resp-hop")
              .add("x-resp-hop", "must not pass")
              .add("keep-alive", "timeout=5")
              .add("proxy-connection", "keep-alive")
              .add("x-resp-end-to-end", "passes");
          ctx.writeAndFlush(response).addListener(endOfResponse());
        }
        default -> sendFull(ctx, request, sha, bytes);
      }
    }

    private void sendFull(ChannelHandlerContext ctx, HttpRequest request, String sha, long bytes) {
      if (!ctx.channel().isActive()) {
        return;
      }
      FullHttpResponse response = full(ctx, request, HttpResponseStatus.OK, sha);
      response.headers().set("x-received-bytes", Long.toString(bytes));
      ctx.writeAndFlush(response).addListener(endOfResponse());
    }

    /** Writes payload chunks while the channel can take them; resumed on writability. */
    private void pump(ChannelHandlerContext ctx) {
      while (sent < toSend && ctx.channel().isWritable()) {
        int n = (int) Math.min(CHUNK, toSend - sent);
        ByteBuf buf = ctx.alloc().buffer(n);
        Payload.fill(buf, sent, n);
        sent += n;
        ctx.write(new DefaultHttpContent(buf));
      }
      if (sent >= toSend) {
        toSend = 0;
        sent = 0;
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(endOfResponse());
      } else {
        ctx.flush();
      }
    }

    private ChannelFutureListener endOfResponse() {
      return keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE;
    }

    private HttpResponse head(HttpRequest request, HttpResponseStatus status) {
      HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
      response.headers().set("x-backend", name).set("x-uri", originForm(request.uri()));
      return response;
    }

    private FullHttpResponse full(
        ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String body) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, ByteBufUtil.writeUtf8(ctx.alloc(), body));
      response
          .headers()
          .set("x-backend", name)
          .set("x-uri", originForm(request.uri()))
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      return response;
    }

    /** Answers 101 and from then on echoes every byte back, nothing parsed. */
    private void switchToEcho(ChannelHandlerContext ctx, HttpRequest request) {
      HttpResponse response = head(request, HttpResponseStatus.SWITCHING_PROTOCOLS);
      response
          .headers()
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
          .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
      ctx.writeAndFlush(response);
      ChannelPipeline pipeline = ctx.pipeline();
      pipeline.replace(this, "echo", new RawEchoHandler());
      pipeline.remove(HttpServerCodec.class);
    }
  }

  /** Writes back whatever it reads. */
  private static final class RawEchoHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf) {
        ctx.write(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /**
   * The path and query of a request target; a server must accept the absolute-form too (RFC 9112
   * section 3.2.2).
   */
  static String originForm(String uri) {
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return uri;
  }

  private static String param(QueryStringDecoder query, String name, String fallback) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }

  private static String sha256Hex(String text) {
    MessageDigest digest = Payload.newDigest();
    digest.update(text.getBytes(StandardCharsets.US_ASCII));
    return Payload.hex(digest);
  }
}
