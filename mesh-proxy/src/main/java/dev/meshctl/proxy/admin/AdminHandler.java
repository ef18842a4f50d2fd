package dev.meshctl.proxy.admin;

import dev.meshctl.proxy.metrics.MetricsExporter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the admin routes: {@code GET /metrics}, {@code GET /ready}, {@code GET /live}, {@code
 * POST /shutdown} and {@code GET|PUT /proxy-log-level}. The last handler of the admin pipeline
 * (after the aggregator, see {@link AdminInitializer}); one instance serves all the connections of
 * a server, so that shutdown starts once per server. The routes that change the proxy answer only
 * to loopback callers.
 */
@Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String ROUTES =
      "GET /metrics, GET /ready, GET /live, POST /shutdown, GET|PUT /proxy-log-level";

  private static final Logger log = Logger.getLogger(AdminHandler.class.getName());
  private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  private final MetricsExporter metrics;
  private final BooleanSupplier ready;
  private final Runnable shutdown;
  private final LogLevels logLevels;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();

  AdminHandler(
      MetricsExporter metrics, BooleanSupplier ready, Runnable shutdown, LogLevels logLevels) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.ready = Objects.requireNonNull(ready, "ready");
    this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
    this.logLevels = Objects.requireNonNull(logLevels, "logLevels");
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      // The decoder discards whatever follows a malformed message, so the connection is done.
      FullHttpResponse response = text(ctx, HttpResponseStatus.BAD_REQUEST, "bad request\n");
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    HttpMethod method = request.method();
    switch (new QueryStringDecoder(request.uri()).path()) {
      case "/metrics" -> {
        if (allowed(ctx, method, "GET")) {
          metrics(ctx);
        }
      }
      case "/ready" -> {
        if (allowed(ctx, method, "GET")) {
          ready(ctx);
        }
      }
      case "/live" -> {
        if (allowed(ctx, method, "GET")) {
          respond(ctx, text(ctx, HttpResponseStatus.OK, "live\n"));
        }
      }
      case "/shutdown" -> {
        if (allowed(ctx, method, "POST") && fromLoopback(ctx, "POST /shutdown")) {
          shutdown(ctx);
        }
      }
      case "/proxy-log-level" -> {
        if (HttpMethod.GET.equals(method)) {
          String level = LogLevels.name(logLevels.current());
          respond(ctx, text(ctx, HttpResponseStatus.OK, level + "\n"));
        } else if (allowed(ctx, method, "GET, PUT") && fromLoopback(ctx, "PUT /proxy-log-level")) {
          setLogLevel(ctx, request);
        }
      }
      default ->
          respond(
              ctx, text(ctx, HttpResponseStatus.NOT_FOUND, "not found; routes: " + ROUTES + "\n"));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.log(
        Level.FINE, "admin connection from " + ctx.channel().remoteAddress() + " failed", cause);
    ctx.close();
  }

  private void metrics(ChannelHandlerContext ctx) {
    ByteBuf body = ctx.alloc().buffer();
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      metrics.writeTo(out);
    } catch (IOException | RuntimeException e) {
      body.release();
      log.log(Level.WARNING, "could not write metrics", e);
      respond(
          ctx, text(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "could not write metrics\n"));
      return;
    }
    FullHttpResponse response = response(HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, metrics.contentType());
    respond(ctx, response);
  }

  private void ready(ChannelHandlerContext ctx) {
    if (ready.getAsBoolean()) {
      respond(ctx, text(ctx, HttpResponseStatus.OK, "ready\n"));
    } else {
      respond(ctx, text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n"));
    }
  }

  private void shutdown(ChannelHandlerContext ctx) {
    boolean first = shutdownStarted.compareAndSet(false, true);
    ChannelFuture written =
        ctx.writeAndFlush(text(ctx, HttpResponseStatus.ACCEPTED, "shutting down\n"));
    if (first) {
      // The drain may block (it waits for connections, this one included), so it gets its own
      // thread rather than this event loop.
      written.addListener(done -> new Thread(shutdown, "mesh-proxy-shutdown").start());
    }
  }

  private void setLogLevel(ChannelHandlerContext ctx, FullHttpRequest request) {
    Level level;
    try {
      level = LogLevels.parse(request.content().toString(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      respond(ctx, text(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n"));
      return;
    }
    logLevels.set(level);
    log.info("log level set to " + LogLevels.name(level));
    respond(ctx, response(HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER));
  }

  /** Answers 405 with an {@code Allow} header unless {@code method} is one of {@code allow}. */
  private static boolean allowed(ChannelHandlerContext ctx, HttpMethod method, String allow) {
    for (String allowed : allow.split(", ")) {
      if (allowed.equals(method.name())) {
        return true;
      }
    }
    FullHttpResponse response =
        text(
            ctx,
            HttpResponseStatus.METHOD_NOT_ALLOWED,
            "method " + method.name() + " not allowed; allowed: " + allow + "\n");
    response.headers().set(HttpHeaderNames.ALLOW, allow);
    respond(ctx, response);
    return false;
  }

  /** Answers 403 unless the caller is on this host's loopback. */
  private static boolean fromLoopback(ChannelHandlerContext ctx, String route) {
    if (isLoopback(ctx.channel().remoteAddress())) {
      return true;
    }
    respond(
        ctx, text(ctx, HttpResponseStatus.FORBIDDEN, route + " answers loopback callers only\n"));
    return false;
  }

  static boolean isLoopback(SocketAddress address) {
    if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return false;
    }
    InetAddress ip = inet.getAddress();
    if (ip.isLoopbackAddress()) {
      return true;
    }
    // A dual-stack listener may see an IPv4 caller as ::ffff:127.x.y.z.
    byte[] bytes = ip.getAddress();
    if (!(ip instanceof Inet6Address) || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[12] == 127;
  }

  private static FullHttpResponse text(
      ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    FullHttpResponse response = response(status, ByteBufUtil.writeUtf8(ctx.alloc(), body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
    return response;
  }

  private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    if (status.code() != HttpResponseStatus.NO_CONTENT.code()) {
      // RFC 9110 section 8.6: no Content-Length on a 204.
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    }
    return response;
  }

  /** Keep-alive (or closing after the response) is the keep-alive handler's job. */
  private static void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
    ctx.writeAndFlush(response);
  }
}
