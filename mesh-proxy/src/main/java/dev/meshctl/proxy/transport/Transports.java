package dev.meshctl.proxy.transport;

import dev.meshctl.proxy.config.ProxyConfig.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport the proxy runs on: native epoll where it loads (Linux), NIO elsewhere. One
 * instance decides once; every bootstrap takes its channel classes from it.
 */
public final class Transports {

  private final boolean epoll;

  private Transports(boolean epoll) {
    this.epoll = epoll;
  }

  /**
   * @throws IllegalStateException when epoll is asked for and cannot load, saying why
   */
  public static Transports choose(Transport wanted) {
    return switch (wanted) {
      case NIO -> new Transports(false);
      case EPOLL -> {
        if (!Epoll.isAvailable()) {
          throw new IllegalStateException(
              "MESH_PROXY_TRANSPORT=epoll, but native epoll is not available: "
                  + Epoll.unavailabilityCause());
        }
        yield new Transports(true);
      }
      case AUTO -> new Transports(Epoll.isAvailable());
    };
  }

  public boolean isEpoll() {
    return epoll;
  }

  public String name() {
    return epoll ? "epoll" : "nio";
  }

  public EventLoopGroup newEventLoopGroup(int threads, String name) {
    IoHandlerFactory io =
        epoll
            ? RearmingEpollIoHandler.wrap(EpollIoHandler.newFactory())
            : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
  }

  public Class<? extends ServerSocketChannel> serverChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> clientChannel() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
