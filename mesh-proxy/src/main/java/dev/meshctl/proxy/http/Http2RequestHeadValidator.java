package dev.meshctl.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Checks that an HTTP/2 stream's first HEADERS frame is a request: it has {@code :method}, and
 * {@code :path} unless the method is CONNECT (RFC 9113 section 8.3.1). A malformed request is reset
 * with PROTOCOL_ERROR (section 8.1.1) before it reaches the HTTP/2-to-HTTP conversion, which would
 * otherwise fail on it (and, in Netty 4.2, leak the body buffer it allocated first).
 *
 * <p>Sits first in each client stream's pipeline: this -> {@code http2-to-http} -> {@code
 * http-server}.
 */
final class Http2RequestHeadValidator extends ChannelInboundHandlerAdapter {

  private boolean seenRequest;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!seenRequest && msg instanceof Http2HeadersFrame frame) {
      seenRequest = true;
      Http2Headers headers = frame.headers();
      CharSequence method = headers.method();
      boolean connect = method != null && HttpMethod.CONNECT.asciiName().contentEquals(method);
      if (method == null || (headers.path() == null && !connect)) {
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }
}
