package dev.meshctl.bench.handshake;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * The client end of one {@code bench/handshakes} connection: as soon as the connection is up, one
 * HTTP/2 GET on a new stream (written at once; over TLS, the TLS handler holds it until the
 * handshake is done), then waits for the whole response and reports it. Sits after {@code
 * http2-codec}.
 */
final class OneRequestHandler extends Http2ChannelDuplexHandler {

  /** Told once, on the event loop, how the connection's exchange ended. */
  interface Listener {
    void responded(ChannelHandlerContext ctx);

    void failed(Throwable cause);
  }

  private final Http2Headers request;
  private final Listener listener;
  private int status;
  private boolean finished;

  OneRequestHandler(String scheme, String authority, Listener listener) {
    this.request =
        new DefaultHttp2Headers().method("GET").scheme(scheme).authority(authority).path("/");
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(request, true).stream(newStream()))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail(f.cause());
              }
            });
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame headers) {
        if (status == 0) {
          CharSequence s = headers.headers().status();
          status = s == null ? -1 : Integer.parseInt(s.toString());
        }
        if (headers.isEndStream()) {
          end(ctx);
        }
      } else if (msg instanceof Http2DataFrame data && data.isEndStream()) {
        end(ctx);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void end(ChannelHandlerContext ctx) {
    if (status != 200) {
      fail(new IOException("status " + status));
      return;
    }
    if (!finished) {
      finished = true;
      listener.responded(ctx);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    fail(new IOException("the connection closed before the response"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause);
    ctx.close();
  }

  private void fail(Throwable cause) {
    if (!finished) {
      finished = true;
      listener.failed(cause);
    }
  }
}
