package dev.meshctl.proxy.transport;

import dev.meshctl.proxy.metrics.TcpMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a connection's opening, closing, lifetime and bytes each way. The first handler of every
 * pipeline (nearest the socket), so it sees raw bytes: what was read before any decoding and what
 * is written after all encoding.
 */
public final class ConnectionMetricsHandler extends ChannelDuplexHandler {

  private final TcpMetrics metrics;
  private long openedAt;

  public ConnectionMetricsHandler(TcpMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    openedAt = System.nanoTime();
    metrics.opened();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (openedAt != 0) {
      metrics.closed(System.nanoTime() - openedAt);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long bytes = size(msg);
    if (bytes > 0) {
      metrics.read(bytes);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    long bytes = size(msg);
    if (bytes > 0) {
      metrics.written(bytes);
    }
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf buf) {
      return buf.readableBytes();
    }
    if (msg instanceof ByteBufHolder holder) {
      return holder.content().readableBytes();
    }
    return 0;
  }
}
