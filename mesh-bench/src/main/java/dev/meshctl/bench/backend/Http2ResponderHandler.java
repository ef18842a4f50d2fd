package dev.meshctl.bench.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Answers each HTTP/2 stream once the request has ended (RFC 9113 section 8.1): 200 with the 1 KiB
 * body, or, for {@code content-type: application/grpc*}, 200, one 1 KiB gRPC message and the
 * trailers {@code grpc-status: 0}, at once or after a fixed delay. Sits after {@code http2-codec};
 * request body bytes are handed back to flow control as they are read.
 */
final class Http2ResponderHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(Http2ResponderHandler.class.getName());

  private static final AsciiString GRPC = AsciiString.cached("application/grpc");
  private static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
  private static final AsciiString OCTET_STREAM = AsciiString.cached("application/octet-stream");

  /** Streams whose request headers arrived but whose request has not ended: is it gRPC? */
  private final Map<Http2FrameStream, Boolean> open = new HashMap<>();

  private final long delayNanos;

  /**
   * @param delayNanos how long each answer is held back; 0 for none
   */
  Http2ResponderHandler(long delayNanos) {
    this.delayNanos = delayNanos;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame headers) {
      CharSequence type = headers.headers().get("content-type");
      boolean grpc = type != null && AsciiString.regionMatches(type, true, 0, GRPC, 0, 16);
      if (headers.isEndStream()) {
        answer(ctx, headers.stream(), grpc);
      } else {
        open.put(headers.stream(), grpc);
      }
    } else if (msg instanceof Http2DataFrame data) {
      try {
        if (data.initialFlowControlledBytes() > 0) {
          ctx.write(
              new DefaultHttp2WindowUpdateFrame(data.initialFlowControlledBytes())
                  .stream(data.stream()));
        }
        if (data.isEndStream()) {
          Boolean grpc = open.remove(data.stream());
          answer(ctx, data.stream(), grpc != null && grpc);
        }
      } finally {
        data.release();
      }
    } else {
      if (msg instanceof Http2ResetFrame reset) {
        open.remove(reset.stream());
      }
      ReferenceCountUtil.release(msg);
    }
  }

  /** Answers now (flushed with the read batch) or, delayed, when the timer fires. */
  private void answer(ChannelHandlerContext ctx, Http2FrameStream stream, boolean grpc) {
    if (delayNanos == 0) {
      respond(ctx, stream, grpc);
      return;
    }
    ctx.executor()
        .schedule(
            () -> {
              respond(ctx, stream, grpc);
              ctx.flush();
            },
            delayNanos,
            TimeUnit.NANOSECONDS);
  }

  private static void respond(ChannelHandlerContext ctx, Http2FrameStream stream, boolean grpc) {
    Http2Headers headers = new DefaultHttp2Headers().status("200");
    if (grpc) {
      headers.set("content-type", GRPC);
      ctx.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
      ctx.write(new DefaultHttp2DataFrame(Payloads.grpcBody()).stream(stream));
      ctx.write(
          new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().set(GRPC_STATUS, "0"), true)
              .stream(stream));
    } else {
      headers.set("content-type", OCTET_STREAM).setInt("content-length", Payloads.BODY_SIZE);
      ctx.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
      ctx.write(new DefaultHttp2DataFrame(Payloads.body(), true).stream(stream));
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
