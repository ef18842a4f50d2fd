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
import java.util.logging.Logger;

/**
 * Answers each HTTP/1.1 request, once its body has been read, with 200 and the 1 KiB body. Sits
 * after {@code http1-codec}; responses are flushed once per read batch.
 */
final class Http1ResponderHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final Logger LOG = Logger.getLogger(Http1ResponderHandler.class.getName());

  private boolean keepAlive = true;

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
      if (keepAlive) {
        ctx.write(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
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
