package dev.meshctl.proxy.it;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An h2c (prior knowledge) server on a loopback port that answers every request, once its request
 * has ended, with 200 and a 300-byte text body: the application behind the proxy in the h2spec run.
 */
final class H2cOkBackend implements AutoCloseable {

  /**
   * Small, yet more than a one-byte flow-control window: h2spec 6.9.2/2 skips itself for a body
   * that fits.
   */
  static final String BODY = "ok\n".repeat(100);

  private static final long MAX_HEADER_LIST_SIZE = 1024 * 1024;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel listener;

  H2cOkBackend() throws InterruptedException {
    listener =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forServer()
                                // Above the proxy's own limit, so that the proxy's is the one
                                // h2spec meets.
                                .initialSettings(
                                    Http2Settings.defaultSettings()
                                        .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
                                .build())
                        .addLast(
                            new Http2MultiplexHandler(
                                new ChannelInitializer<Channel>() {
                                  @Override
                                  protected void initChannel(Channel stream) {
                                    stream.pipeline().addLast(new OkHandler());
                                  }
                                }));
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  /** One stream: answers when the request's last frame arrives. */
  private static final class OkHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean ended =
          (msg instanceof Http2HeadersFrame headers && headers.isEndStream())
              || (msg instanceof Http2DataFrame data && data.isEndStream());
      ReferenceCountUtil.release(msg);
      if (ended) {
        ctx.write(
            new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers().status("200").set("content-type", "text/plain")));
        ctx.writeAndFlush(
            new DefaultHttp2DataFrame(ByteBufUtil.writeUtf8(ctx.alloc(), BODY), true));
      }
    }
  }
}
