package dev.meshctl.bench.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import java.util.List;

/**
 * First handler of a backend connection: peeks at the first bytes without consuming them and
 * installs the HTTP/2 stack when they are the HTTP/2 connection preface (RFC 9113 section 3.4), the
 * HTTP/1.1 stack as soon as they cannot be. Removing itself hands the peeked bytes on.
 */
final class PrefaceDetectHandler extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final long delayNanos;

  PrefaceDetectHandler(long delayNanos) {
    this.delayNanos = delayNanos;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int compared = Math.min(in.readableBytes(), PREFACE.readableBytes());
    boolean prefixMatches =
        ByteBufUtil.equals(in, in.readerIndex(), PREFACE, PREFACE.readerIndex(), compared);
    if (prefixMatches && compared < PREFACE.readableBytes()) {
      return; // could still be HTTP/2: wait for more
    }
    if (prefixMatches) {
      ctx.pipeline()
          .addAfter(ctx.name(), "http2-codec", Http2FrameCodecBuilder.forServer().build())
          .addAfter("http2-codec", "http2-responder", new Http2ResponderHandler(delayNanos));
    } else {
      ctx.pipeline()
          .addAfter(ctx.name(), "http1-codec", new HttpServerCodec())
          .addAfter("http1-codec", "http1-responder", new Http1ResponderHandler(delayNanos));
    }
    ctx.pipeline().remove(this);
  }
}
