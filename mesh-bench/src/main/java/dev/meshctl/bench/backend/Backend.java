package dev.meshctl.bench.backend;

import dev.meshctl.bench.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server every configuration ends at: one port that answers HTTP/1.1 (keep-alive), HTTP/2 with
 * prior knowledge (h2c) and gRPC unary calls, always with status 200 (gRPC status 0) and a 1 KiB
 * body. It does nothing else, so that it is never the bottleneck of what is measured. A backend
 * started with a delay holds every answer back by that long (a timer, not a sleep): the slow
 * endpoint of {@code bench/balancer}.
 */
public final class Backend implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel server;

  private Backend(EventLoopGroup group, Channel server) {
    this.group = group;
    this.server = server;
  }

  /** Binds {@code address} (port 0 for any free port) with {@code threads} event loops. */
  public static Backend start(InetSocketAddress address, int threads) throws InterruptedException {
    return start(address, threads, Duration.ZERO);
  }

  /**
   * As {@link #start(InetSocketAddress, int)}, answering each request {@code delay} after it has
   * been read (zero: at once).
   */
  public static Backend start(InetSocketAddress address, int threads, Duration delay)
      throws InterruptedException {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    Transport transport = Transport.best();
    EventLoopGroup group = transport.newGroup(threads, "bench-backend");
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(transport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new BackendInitializer(delay.toNanos()))
              .bind(address)
              .sync()
              .channel();
      return new Backend(group, server);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * A new handler that makes a connection a backend connection (the backend's detection, then its
   * HTTP/1.1 or HTTP/2 responder), for a server that puts something of its own in front of it, such
   * as {@code bench/handshakes}' TLS: {@code ... -> tls -> this}.
   */
  public static ChannelHandler connectionHandler() {
    return new PrefaceDetectHandler(0);
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Blocks until the server channel closes. */
  public void awaitClose() throws InterruptedException {
    server.closeFuture().sync();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
