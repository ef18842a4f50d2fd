package dev.meshctl.bench.backend;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Answers each HTTP/1.1 request, once its body has been read, with 200 and the 1 KiB body, at once
 * or after a fixed delay. Sits after {@code http1-codec}; immediate responses are flushed once per
 * read batch, delayed ones each when its timer fires (in the order of the requests, since every one
 * waits the same time).
 */
final class Http1ResponderHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final Logger LOG = Logger.getLogger(Http1ResponderHandler.class.getName());

  private final long delayNanos;
  private boolean keepAlive = true;

  /**
   * @param delayNanos how long each answer is held back; 0 for none
   */
  Http1ResponderHandler(long delayNanos) {
    this.delayNanos = delayNanos;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg instanceof HttpRequest request) {
      keepAlive = HttpUtil.isKeepAlive(request);
    }
    if (msg instanceof LastHttpContent) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Payloads.body());
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, Payloads.BODY_SIZE);
      if (delayNanos == 0) {
        respond(ctx, response, keepAlive);
      } else {
        boolean keep = keepAlive;
        ctx.executor()
            .schedule(
                () -> {
                  respond(ctx, response, keep);
                  ctx.flush();
                },
                delayNanos,
                TimeUnit.NANOSECONDS);
      }
    }
  }

  /** Writes the response; one that keeps the connection open is flushed with the read batch. */
  private static void respond(
      ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    if (keepAlive) {
      ctx.write(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.warning(() -> "closing " + ctx.channel().remoteAddress() + " after " + cause);
    ctx.close();
  }
}
