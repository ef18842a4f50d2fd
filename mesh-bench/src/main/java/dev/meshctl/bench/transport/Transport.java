package dev.meshctl.bench.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.channels.spi.SelectorProvider;

/**
 * The Netty transport of the backend and the HTTP load clients: native epoll where it loads (its
 * timers are precise to microseconds, which a fixed-rate schedule needs), NIO otherwise.
 */
public record Transport(
    String name,
    IoHandlerFactory ioHandlerFactory,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends ServerChannel> serverChannel) {

  /** Epoll when available, else NIO. */
  public static Transport best() {
    return Epoll.isAvailable()
        ? new Transport(
            "epoll",
            EpollIoHandler.newFactory(),
            EpollSocketChannel.class,
            EpollServerSocketChannel.class)
        : new Transport(
            "nio", NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class);
  }

  /**
   * One event loop for a load client, blocking or busy-polling as {@code poll} says (NIO cannot
   * busy-poll and always blocks).
   */
  public EventLoopGroup newClientGroup(String name, BusyPoll poll) {
    IoHandlerFactory factory =
        name().equals("epoll")
            ? EpollIoHandler.newFactory(0, poll.strategy())
            : NioIoHandler.newFactory(SelectorProvider.provider(), poll.strategy());
    return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name, true), factory);
  }

  /** A group of {@code threads} event loops whose threads are named {@code name}. */
  public EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), ioHandlerFactory);
  }
}
