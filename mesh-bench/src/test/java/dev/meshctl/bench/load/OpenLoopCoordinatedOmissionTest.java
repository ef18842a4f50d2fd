package dev.meshctl.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.bench.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A server that stalls once: the open-model run must charge the stall to every request it held up
 * (latency from the intended send time), and must count what never gets an answer.
 */
class OpenLoopCoordinatedOmissionTest {

  @Test
  void aStall_showsAsLatencyOfEveryRequestItDelayed() throws Exception {
    AtomicBoolean stalled = new AtomicBoolean();
    EventLoopGroup group = Transport.best().newGroup(1, "stalling-server");
    try {
      Channel server = server(group, stalled, 300);
      Target target = new Target((InetSocketAddress) server.localAddress(), "stall.test");
      try (LoadClient client =
          LoadClient.connect(Protocol.HTTP1, target, new LoadClient.Options(1, 1))) {
        // 100 rps for 1 s on one connection: requests 0..29 are due during the 300 ms stall.
        LoadResult result =
            OpenLoopRun.run(client, 100, Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThat(result.ok()).isEqualTo(100);
        // Measured from actual send, only the first would be slow; from intended send time about
        // 20 of 100 wait 100 ms or more.
        assertThat(result.latency().max()).isGreaterThan(250.0);
        assertThat(result.latency().p90()).isGreaterThan(100.0);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void requestsNeverAnswered_countAsTimeouts() throws Exception {
    EventLoopGroup group = Transport.best().newGroup(1, "silent-server");
    try {
      Channel server = server(group, null, 0);
      Target target = new Target((InetSocketAddress) server.localAddress(), "silent.test");
      try (LoadClient client =
          LoadClient.connect(Protocol.HTTP1, target, new LoadClient.Options(2, 1))) {
        LoadResult result =
            OpenLoopRun.run(client, 50, Duration.ofMillis(200), Duration.ofMillis(200));

        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.ok()).isZero();
        assertThat(result.timeouts()).isEqualTo(10);
        assertThat(result.latency()).isNull();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /**
   * HTTP/1.1 server whose first answer comes {@code stallMillis} late, the others at once; one that
   * never answers when {@code stalled} is null.
   */
  private static Channel server(EventLoopGroup group, AtomicBoolean stalled, long stallMillis)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(Transport.best().serverChannel())
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(
                        new SimpleChannelInboundHandler<HttpObject>() {
                          @Override
                          protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                            if (msg instanceof LastHttpContent && stalled != null) {
                              FullHttpResponse response =
                                  new DefaultFullHttpResponse(
                                      HttpVersion.HTTP_1_1,
                                      HttpResponseStatus.OK,
                                      Unpooled.wrappedBuffer(new byte[1024]));
                              response.headers().setInt("content-length", 1024);
                              if (stalled.compareAndSet(false, true)) {
                                ctx.executor()
                                    .schedule(
                                        () -> ctx.writeAndFlush(response),
                                        stallMillis,
                                        TimeUnit.MILLISECONDS);
                              } else {
                                ctx.writeAndFlush(response);
                              }
                            }
                          }
                        });
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }
}
