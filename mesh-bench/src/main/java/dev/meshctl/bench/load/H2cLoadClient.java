package dev.meshctl.bench.load;

import dev.meshctl.bench.transport.BusyPoll;
import dev.meshctl.bench.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/2 client over cleartext with prior knowledge: a few connections (one by default, as an
 * HTTP/2 client normally keeps), requests spread over them in turn, each a new stream. Streams
 * beyond the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} wait in the codec until one closes.
 */
final class H2cLoadClient implements LoadClient {

  private final AtomicBoolean closing = new AtomicBoolean();
  private final BusyPoll poll = new BusyPoll();

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Target target;
  private final Bootstrap bootstrap;
  private final Http2Headers request;
  private final List<H2ConnectionHandler> open = new ArrayList<>();
  private final ArrayDeque<Outcome> waiting = new ArrayDeque<>();
  private int nextConnection;
  private boolean closed;

  private H2cLoadClient(Target target) {
    Transport transport = Transport.best();
    this.group = transport.newClientGroup("bench-h2c", poll);
    this.loop = group.next();
    this.target = target;
    this.request =
        new DefaultHttp2Headers()
            .method("GET")
            .scheme("http")
            .path("/")
            .authority(target.authority())
            .add("user-agent", "mesh-bench");
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            "http2-codec",
                            Http2FrameCodecBuilder.forClient()
                                .encoderEnforceMaxConcurrentStreams(true)
                                .build())
                        .addLast("http2-client", new H2ConnectionHandler(H2cLoadClient.this));
                  }
                });
  }

  static H2cLoadClient connect(Target target, int connections)
      throws IOException, InterruptedException {
    H2cLoadClient client = new H2cLoadClient(target);
    try {
      List<ChannelFuture> futures = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        futures.add(client.bootstrap.connect(target.address()));
      }
      for (ChannelFuture f : futures) {
        if (!f.await(CONNECT_TIMEOUT_MS + 1_000L) || !f.isSuccess()) {
          throw new IOException("cannot connect to " + target.address(), f.cause());
        }
      }
      client.loop.submit(() -> {}).sync();
      return client;
    } catch (IOException | InterruptedException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public void busyPoll(boolean on) {
    poll.set(on);
  }

  @Override
  public ScheduledExecutorService loop() {
    return loop;
  }

  @Override
  public void send(Outcome outcome) {
    if (open.isEmpty()) {
      waiting.add(outcome);
      return;
    }
    nextConnection = (nextConnection + 1) % open.size();
    open.get(nextConnection).send(request, outcome);
  }

  void connected(H2ConnectionHandler connection) {
    open.add(connection);
    Outcome outcome;
    while ((outcome = waiting.poll()) != null) {
      connection.send(request, outcome);
    }
  }

  void disconnected(H2ConnectionHandler connection) {
    open.remove(connection);
    if (!closed) {
      reconnect();
    }
  }

  private void reconnect() {
    bootstrap
        .connect(target.address())
        .addListener(
            f -> {
              if (!f.isSuccess() && !closed) {
                loop.schedule(this::reconnect, 100, TimeUnit.MILLISECONDS);
              }
            });
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      loop.submit(
              () -> {
                closed = true;
                for (H2ConnectionHandler c : List.copyOf(open)) {
                  c.close();
                }
              })
          .await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
