package dev.meshctl.bench.load;

import dev.meshctl.bench.backend.Payloads;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/2 connection of {@link H2cLoadClient}: opens a stream per request (headers only, end of
 * stream set) and reads the response frames as they come, counting body bytes. Sits after {@code
 * http2-codec}, the frame codec that owns the streams.
 */
final class H2ConnectionHandler extends Http2ChannelDuplexHandler {

  /** A request waiting for its answer. */
  private static final class Exchange {
    final Outcome outcome;
    int status;
    long bodyBytes;

    Exchange(Outcome outcome) {
      this.outcome = outcome;
    }
  }

  private final H2cLoadClient client;
  private final Map<Http2FrameStream, Exchange> inFlight = new HashMap<>();
  private ChannelHandlerContext ctx;

  H2ConnectionHandler(H2cLoadClient client) {
    this.client = client;
  }

  void send(Http2Headers headers, Outcome outcome) {
    Http2FrameStream stream = newStream();
    inFlight.put(stream, new Exchange(outcome));
    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true).stream(stream))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                finish(stream, RequestError.CONNECTION, "write failed: " + f.cause());
              }
            });
  }

  void close() {
    ctx.close();
  }

  @Override
  public void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client.connected(this);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame headers) {
        Exchange exchange = inFlight.get(headers.stream());
        if (exchange != null && exchange.status == 0) {
          CharSequence status = headers.headers().status();
          exchange.status = status == null ? -1 : Integer.parseInt(status.toString());
        }
        if (headers.isEndStream()) {
          finish(headers.stream(), null, null);
        }
      } else if (msg instanceof Http2DataFrame data) {
        Exchange exchange = inFlight.get(data.stream());
        if (exchange != null) {
          exchange.bodyBytes += data.content().readableBytes();
        }
        if (data.isEndStream()) {
          finish(data.stream(), null, null);
        } else if (data.initialFlowControlledBytes() > 0) {
          ctx.writeAndFlush(
              new DefaultHttp2WindowUpdateFrame(data.initialFlowControlledBytes())
                  .stream(data.stream()));
        }
      } else if (msg instanceof Http2ResetFrame reset) {
        finish(
            reset.stream(),
            RequestError.CONNECTION,
            "stream reset: " + Http2Error.valueOf(reset.errorCode()));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    // A stream closed without its answer (GOAWAY beyond its id, a local reset...).
    if (evt instanceof Http2FrameStreamEvent event
        && event.stream().state() == Http2Stream.State.CLOSED) {
      finish(event.stream(), RequestError.CONNECTION, "stream closed");
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void finish(Http2FrameStream stream, RequestError error, String detail) {
    Exchange exchange = inFlight.remove(stream);
    if (exchange == null) {
      return;
    }
    if (error != null) {
      exchange.outcome.done(error, detail);
    } else if (exchange.status != 200) {
      exchange.outcome.done(RequestError.STATUS, "status " + exchange.status);
    } else if (exchange.bodyBytes != Payloads.BODY_SIZE) {
      exchange.outcome.done(RequestError.BODY, "body of " + exchange.bodyBytes + " bytes");
    } else {
      exchange.outcome.succeeded();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    List<Exchange> lost = new ArrayList<>(inFlight.values());
    inFlight.clear();
    client.disconnected(this);
    for (Exchange exchange : lost) {
      exchange.outcome.done(RequestError.CONNECTION, "connection closed");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
