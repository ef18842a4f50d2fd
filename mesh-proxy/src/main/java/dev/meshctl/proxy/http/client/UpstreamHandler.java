package dev.meshctl.proxy.http.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream channel (an HTTP/1 connection or an HTTP/2 stream): hands the
 * response to the exchange bound to the channel. On an idle pooled connection, unexpected bytes or
 * an idle timeout close it.
 */
public final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private ResponseReceiver receiver;
  private boolean closed;

  /** Binds the exchange whose request is about to be written on this channel. */
  public void bind(ResponseReceiver receiver) {
    this.receiver = receiver;
  }

  /** Detaches the exchange; the channel is idle (or about to be closed). */
  public void unbind() {
    this.receiver = null;
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (receiver != null && msg instanceof HttpObject http) {
      receiver.onResponse(http);
    } else {
      ReferenceCountUtil.release(msg);
      ctx.close(); // a response nobody asked for: the connection is out of step
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (receiver != null) {
      receiver.onUpstreamReadComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (receiver != null) {
      receiver.onUpstreamWritabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && receiver == null) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    ResponseReceiver r = receiver;
    receiver = null;
    if (r != null) {
      r.onUpstreamClosed(null);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ResponseReceiver r = receiver;
    receiver = null;
    if (r != null) {
      r.onUpstreamClosed(cause);
    }
    ctx.close();
  }
}
