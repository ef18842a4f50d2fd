package dev.meshctl.bench.load;

import dev.meshctl.bench.backend.Payloads;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection of {@link Http1LoadClient}: writes a pre-encoded request and reads the
 * response as it streams in, counting body bytes (nothing is aggregated). Sits after {@code
 * http1-decoder}.
 */
final class Http1ConnectionHandler extends ChannelInboundHandlerAdapter {

  private final Http1LoadClient client;
  private ChannelHandlerContext ctx;
  private Outcome inFlight;
  private int status;
  private boolean keepAlive;
  private long bodyBytes;
  private boolean failed;

  Http1ConnectionHandler(Http1LoadClient client) {
    this.client = client;
  }

  void send(ByteBuf request, Outcome outcome) {
    inFlight = outcome;
    status = 0;
    bodyBytes = 0;
    failed = false;
    ctx.writeAndFlush(request, ctx.voidPromise());
  }

  void close() {
    ctx.close();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    client.connected(this);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse response) {
        status = response.status().code();
        keepAlive = HttpUtil.isKeepAlive(response);
        failed = response.decoderResult().isFailure();
      }
      if (msg instanceof HttpContent content) {
        bodyBytes += content.content().readableBytes();
        failed |= content.decoderResult().isFailure();
        if (msg instanceof LastHttpContent) {
          complete();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void complete() {
    Outcome outcome = inFlight;
    inFlight = null;
    if (outcome == null) {
      ctx.close(); // an answer nobody asked for: the connection is out of step
      return;
    }
    if (failed) {
      outcome.done(RequestError.CONNECTION, "malformed response");
    } else if (status != 200) {
      outcome.done(RequestError.STATUS, "status " + status);
    } else if (bodyBytes != Payloads.BODY_SIZE) {
      outcome.done(RequestError.BODY, "body of " + bodyBytes + " bytes");
    } else {
      outcome.succeeded();
    }
    if (keepAlive && !failed) {
      client.free(this);
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Outcome outcome = inFlight;
    inFlight = null;
    client.disconnected(this, outcome);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
