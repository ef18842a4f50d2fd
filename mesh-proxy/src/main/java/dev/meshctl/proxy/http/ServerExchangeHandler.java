package dev.meshctl.proxy.http;

import dev.meshctl.proxy.metrics.Classification;
import dev.meshctl.proxy.metrics.HttpMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end of a client-facing HTTP pipeline: on an HTTP/1 connection it takes requests one at a time
 * (holding pipelined ones until the current response has ended); on an HTTP/2 stream channel it
 * takes the stream's one request. Each request becomes an {@link Exchange}.
 *
 * <p>Pipeline (HTTP/1): ... detect-replaced {@code http1-codec} -> this. Pipeline (HTTP/2 stream):
 * {@code http2-to-http} -> this.
 */
public final class ServerExchangeHandler extends ChannelInboundHandlerAdapter {

  /** Fired down a client connection's pipeline when the proxy starts draining. */
  public static final Object DRAIN = new Object();

  private static final Logger LOG = Logger.getLogger(ServerExchangeHandler.class.getName());

  private final HttpForwarding forwarding;
  private final boolean http1;
  private final ArrayDeque<HttpObject> queued = new ArrayDeque<>(2);
  private ChannelHandlerContext ctx;
  private Exchange current;
  private boolean closing;
  private boolean dispatchingQueued;

  public ServerExchangeHandler(HttpForwarding forwarding, boolean http1) {
    this.forwarding = forwarding;
    this.http1 = http1;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpObject http)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!queued.isEmpty() || (current != null && http instanceof HttpRequest)) {
      // HTTP/1 pipelining: the next request (and all after it) waits, in order, until the current
      // exchange is done (RFC 9112 section 9.3.2).
      queued.add(http);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    dispatch(http);
  }

  /** Starts an exchange with a request, or hands a piece of body to the current one. */
  private void dispatch(HttpObject http) {
    if (http.decoderResult().isFailure()) {
      badRequest(http);
      return;
    }
    if (http instanceof HttpRequest request) {
      current = new Exchange(this, ctx.channel(), http1, forwarding);
      if (closing) {
        current.closeConnectionAfterResponse();
      }
      current.start(request);
    } else if (http instanceof HttpContent content) {
      if (current != null) {
        current.onRequestContent(content);
      } else {
        content.release();
        if (!http1) {
          // HEADERS without a request's pseudo-headers (no :method) decode as trailers alone:
          // a malformed request, answered with a stream error (RFC 9113 section 8.1.1).
          ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
        }
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (current != null) {
      current.flushUpstream();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onServerWritabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onServerClosed();
      current = null;
    }
    releaseQueued();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && current != null) {
      // The client ended its half of the connection (a FIN: half-closure delivers it as an event,
      // not a close) while a request is in flight.
      closing = true;
      if (!current.onClientInputEnded()) {
        current = null;
        releaseQueued();
        ctx.close();
      }
      return;
    }
    if (evt instanceof IdleStateEvent || evt instanceof ChannelInputShutdownEvent || evt == DRAIN) {
      closing = true;
      if (current == null) {
        ctx.close();
      } else {
        current.closeConnectionAfterResponse();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!http1 && (cause instanceof Http2FrameStreamException || cause instanceof Http2Exception)) {
      // The HTTP/2 codec resets the stream itself, with the error's code; closing the stream
      // channel here first would reset it with CANCEL instead.
      LOG.log(Level.FINE, "client stream error: {0}", cause.toString());
      if (current != null) {
        current.onServerClosed();
        current = null;
      }
      return;
    }
    LOG.log(Level.FINE, "client connection failed: {0}", cause.toString());
    if (!http1 && cause instanceof DecoderException) {
      // A request the HTTP/2-to-HTTP conversion refuses (e.g. no :path) is malformed: a stream
      // error of type PROTOCOL_ERROR (RFC 9113 section 8.1.1).
      if (current != null) {
        current.onServerClosed();
        current = null;
      }
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
      return;
    }
    ctx.close();
  }

  /** Called by the exchange when both its request and its response have ended. */
  void exchangeDone(Exchange exchange, boolean keepAlive) {
    if (exchange != current) {
      return;
    }
    current = null;
    if (!http1) {
      return; // an HTTP/2 stream carries one request
    }
    if (!keepAlive || closing) {
      releaseQueued();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!dispatchingQueued) {
      dispatchQueued();
    }
  }

  /**
   * Starts the next pipelined request and hands it the body that was queued behind it; the request
   * after that waits again. Reading resumes once nothing is left waiting.
   */
  private void dispatchQueued() {
    dispatchingQueued = true; // an exchange that ends at once must not re-enter this loop
    try {
      for (HttpObject next; (next = queued.peek()) != null; ) {
        if (next instanceof HttpRequest && current != null) {
          return;
        }
        queued.poll();
        dispatch(next);
      }
    } finally {
      dispatchingQueued = false;
    }
    if (current == null && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Called by the exchange when the connection switched to another protocol (101). */
  void switchedProtocols() {
    current = null;
    releaseQueued();
  }

  private void badRequest(HttpObject http) {
    Throwable cause = http.decoderResult().cause();
    ReferenceCountUtil.release(http);
    if (current != null) {
      // A broken body (e.g. a bad chunk): the request cannot be completed.
      LOG.log(Level.FINE, "malformed request body: {0}", String.valueOf(cause));
      current.onServerClosed();
      current = null;
      ctx.close();
      return;
    }
    HttpResponseStatus status;
    String reason;
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      reason = "the request line is longer than the proxy accepts";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      reason = "the request's headers are larger than the proxy accepts";
    } else if (cause instanceof TooLongFrameException) {
      status = HttpResponseStatus.BAD_REQUEST;
      reason = "a part of the request is larger than the proxy accepts";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      reason = "the request is not valid HTTP/1: " + (cause == null ? "" : cause.getMessage());
    }
    ConnectionContext connection = ConnectionContext.of(ctx.channel());
    HttpMetrics metrics =
        forwarding.metrics().http(connection.direction(), "", "", connection.tls());
    metrics.requestStarted();
    metrics.responseEnded(status.code(), Classification.FAILURE, 0);
    FullHttpResponse response = ErrorResponses.plain(ctx.alloc(), status, reason);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    closing = true;
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private void releaseQueued() {
    for (HttpObject msg; (msg = queued.poll()) != null; ) {
      ReferenceCountUtil.release(msg);
    }
  }
}
