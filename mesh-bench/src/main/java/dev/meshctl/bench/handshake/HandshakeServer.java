package dev.meshctl.bench.handshake;

import dev.meshctl.bench.backend.Backend;
import dev.meshctl.bench.transport.Transport;
import dev.meshctl.proxy.tls.MeshTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The server end of {@code bench/handshakes}: two loopback listeners on one event loop, both
 * answering like the benchmark's backend (HTTP/2, status 200, 1 KiB body). One is plaintext (h2c);
 * the other terminates the mesh's mTLS with the server context of the proxy's own {@link MeshTls}
 * (TLS 1.3, ALPN h2, a client certificate from the mesh's trust anchors required), as a proxy's
 * inbound listener does once it has recognised a meshed ClientHello.
 *
 * <pre>
 * plaintext: detect => http2-codec -> http2-responder
 * mTLS:      tls -> detect => http2-codec -> http2-responder
 * </pre>
 */
final class HandshakeServer implements AutoCloseable {

  private final Channel plaintext;
  private final Channel mtls;

  private HandshakeServer(Channel plaintext, Channel mtls) {
    this.plaintext = plaintext;
    this.mtls = mtls;
  }

  /** Binds both listeners on free loopback ports, served by {@code group}. */
  static HandshakeServer start(Transport transport, EventLoopGroup group, MeshTls tls)
      throws InterruptedException {
    SslContext server =
        tls.server().orElseThrow(() -> new IllegalStateException("the server has no certificate"));
    Channel plaintext =
        bind(
            transport,
            group,
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("detect", Backend.connectionHandler());
              }
            });
    Channel mtls =
        bind(
            transport,
            group,
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast("tls", server.newHandler(ch.alloc()))
                    .addLast("detect", Backend.connectionHandler());
              }
            });
    return new HandshakeServer(plaintext, mtls);
  }

  private static Channel bind(
      Transport transport, EventLoopGroup group, ChannelInitializer<SocketChannel> initializer)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(initializer)
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .sync()
        .channel();
  }

  InetSocketAddress plaintext() {
    return (InetSocketAddress) plaintext.localAddress();
  }

  InetSocketAddress mtls() {
    return (InetSocketAddress) mtls.localAddress();
  }

  @Override
  public void close() {
    plaintext.close().syncUninterruptibly();
    mtls.close().syncUninterruptibly();
  }
}
