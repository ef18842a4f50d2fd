package dev.meshctl.bench.load;

import dev.meshctl.bench.transport.BusyPoll;
import dev.meshctl.bench.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 keep-alive client over a fixed number of connections, one request in flight on each (no
 * pipelining, as browsers and most clients do). A request finds the connection that has been idle
 * longest, or waits in line for the next one to free up; a closed connection is replaced.
 */
final class Http1LoadClient implements LoadClient {

  private final AtomicBoolean closing = new AtomicBoolean();
  private final BusyPoll poll = new BusyPoll();

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Target target;
  private final Bootstrap bootstrap;
  private final ByteBuf request;
  private final ArrayDeque<Http1ConnectionHandler> idle = new ArrayDeque<>();
  private final ArrayDeque<Outcome> waiting = new ArrayDeque<>();
  private final List<Http1ConnectionHandler> open = new ArrayList<>();
  private boolean closed;

  private Http1LoadClient(Target target) {
    Transport transport = Transport.best();
    this.group = transport.newClientGroup("bench-http1", poll);
    this.loop = group.next();
    this.target = target;
    this.request =
        Unpooled.unreleasableBuffer(
            Unpooled.directBuffer()
                .writeBytes(
                    ("GET / HTTP/1.1\r\nhost: "
                            + target.authority()
                            + "\r\nuser-agent: mesh-bench\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
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
                        .addLast("http1-decoder", new HttpResponseDecoder())
                        .addLast("http1-client", new Http1ConnectionHandler(Http1LoadClient.this));
                  }
                });
  }

  static Http1LoadClient connect(Target target, int connections)
      throws IOException, InterruptedException {
    Http1LoadClient client = new Http1LoadClient(target);
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
      client.loop.submit(() -> {}).sync(); // every channelActive has run
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
    Http1ConnectionHandler connection = idle.poll();
    if (connection != null) {
      connection.send(request.duplicate(), outcome);
    } else {
      waiting.add(outcome);
    }
  }

  /** A connection is up: it takes the next waiting request, or waits for one. */
  void connected(Http1ConnectionHandler connection) {
    open.add(connection);
    next(connection);
  }

  /** A connection that answered and stays open is free again. */
  void free(Http1ConnectionHandler connection) {
    next(connection);
  }

  /** A connection closed (with {@code inFlight} unanswered, or null): replace it. */
  void disconnected(Http1ConnectionHandler connection, Outcome inFlight) {
    open.remove(connection);
    idle.remove(connection);
    if (inFlight != null) {
      inFlight.done(RequestError.CONNECTION, "connection closed");
    }
    if (!closed) {
      reconnect();
    }
  }

  private void next(Http1ConnectionHandler connection) {
    Outcome outcome = waiting.poll();
    if (outcome != null) {
      connection.send(request.duplicate(), outcome);
    } else {
      idle.add(connection);
    }
  }

  private void reconnect() {
    bootstrap
        .connect(target.address())
        .addListener(
            f -> {
              if (!f.isSuccess() && !closed) {
                // Requests keep waiting in line; an outage shows as their latency.
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
                for (Http1ConnectionHandler c : List.copyOf(open)) {
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
