package dev.meshctl.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies bytes from its channel to a peer channel, nothing parsed. One sits at the end of each of
 * the two pipelines of an opaque connection. Backpressure: while the peer cannot take more, this
 * channel stops reading. Half-close: when this side's input ends, the peer's output is shut; the
 * connection closes once both directions have ended. Bytes that arrive before the peer is connected
 * are held (reading is paused meanwhile, so they stay few).
 */
public final class TcpRelayHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(TcpRelayHandler.class.getName());

  private Channel peer;
  private ArrayDeque<Object> pending = new ArrayDeque<>();
  private boolean inputShutdown;
  private TcpRelayHandler peerRelay;

  /** Pairs two relays once both channels are connected; both must be on the same event loop. */
  public static void join(
      TcpRelayHandler a, Channel aChannel, TcpRelayHandler b, Channel bChannel) {
    a.peerRelay = b;
    b.peerRelay = a;
    a.attach(bChannel);
    b.attach(aChannel);
    aChannel.config().setAutoRead(true);
    bChannel.config().setAutoRead(true);
  }

  private void attach(Channel peerChannel) {
    this.peer = peerChannel;
    ArrayDeque<Object> held = pending;
    pending = null;
    boolean wrote = false;
    for (Object msg; (msg = held.poll()) != null; ) {
      peerChannel.write(msg);
      wrote = true;
    }
    if (wrote) {
      peerChannel.flush();
    }
    if (inputShutdown) {
      shutdownPeerOutput();
    }
  }

  private void shutdownPeerOutput() {
    if (peer instanceof DuplexChannel duplex && peer.isActive()) {
      duplex
          .writeAndFlush(Unpooled.EMPTY_BUFFER)
          .addListener(
              f -> {
                if (peer.isActive()) {
                  duplex.shutdownOutput();
                }
              });
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf)) {
      // A codec removed for a protocol switch may still hand on a decoded end-of-message marker.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (peer == null) {
      pending.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    if (!peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    peer.write(msg, peer.voidPromise());
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (peer != null) {
      peer.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // This side drained (or filled): let the peer read again (or stop it).
    if (peer != null) {
      peer.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputShutdown = true;
      if (peer != null) {
        shutdownPeerOutput();
      }
      if (peerRelay != null && peerRelay.inputShutdown) {
        // Both directions ended. A plain close would drop writes still queued for the peer (the
        // tail of the last reply), so each side closes once its queue is written.
        closeAfterFlush(ctx.channel());
        closeAfterFlush(peer);
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releasePending();
    if (peer != null && peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "opaque connection failed: {0}", cause.toString());
    ctx.close();
    if (peer != null) {
      peer.close();
    }
  }

  private static void closeAfterFlush(Channel channel) {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private void releasePending() {
    if (pending != null) {
      for (Object msg; (msg = pending.poll()) != null; ) {
        ReferenceCountUtil.release(msg);
      }
    }
  }
}
