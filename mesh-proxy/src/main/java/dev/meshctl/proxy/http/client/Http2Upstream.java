package dev.meshctl.proxy.http.client;

import dev.meshctl.proxy.tls.TlsErrors;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;

/**
 * Multiplexed HTTP/2 connections to one endpoint, for one event loop: requests share a connection
 * as streams, and another connection is opened only when every open one has reached the peer's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} or is going away.
 */
final class Http2Upstream {

  private final InetSocketAddress target;
  private final Bootstrap bootstrap;
  private final ChannelHandler streamInitializer;
  private final Consumer<Throwable> onHandshakeFailure;
  private final List<Connection> connections = new ArrayList<>(1);

  /**
   * @param bootstrap connects and installs the HTTP/2 connection codec (after TLS, for mTLS)
   * @param streamInitializer installs the per-stream handlers on each new stream channel
   * @param onHandshakeFailure told of each failed TLS handshake (for the metrics)
   */
  Http2Upstream(
      InetSocketAddress target,
      Bootstrap bootstrap,
      ChannelHandler streamInitializer,
      Consumer<Throwable> onHandshakeFailure) {
    this.target = target;
    this.bootstrap = bootstrap;
    this.streamInitializer = streamInitializer;
    this.onHandshakeFailure = onHandshakeFailure;
  }

  Http2Upstream(InetSocketAddress target, Bootstrap bootstrap, ChannelHandler streamInitializer) {
    this(target, bootstrap, streamInitializer, failure -> {});
  }

  Future<Channel> acquire(Promise<Channel> promise) {
    for (Connection connection : connections) {
      if (connection.hasCapacity()) {
        connection.openStream(promise);
        return promise;
      }
    }
    Connection connection = new Connection(bootstrap.connect(target));
    connections.add(connection);
    connection.openStream(promise);
    return promise;
  }

  private final class Connection {
    final ChannelFuture connect;

    /** Connected, and for mTLS the handshake done (the server proved its identity). */
    final Promise<Channel> ready;

    int activeStreams;

    Connection(ChannelFuture connect) {
      this.connect = connect;
      this.ready = connect.channel().eventLoop().newPromise();
      connect.channel().closeFuture().addListener(f -> connections.remove(this));
      connect.addListener(
          f -> {
            if (!f.isSuccess()) {
              ready.tryFailure(f.cause());
              return;
            }
            SslHandler tls = connect.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
              ready.trySuccess(connect.channel());
              return;
            }
            tls.handshakeFuture()
                .addListener(
                    h -> {
                      if (h.isSuccess()) {
                        ready.trySuccess(connect.channel());
                      } else {
                        onHandshakeFailure.accept(h.cause());
                        ready.tryFailure(
                            new SSLHandshakeException(
                                "mTLS with "
                                    + target
                                    + " failed: "
                                    + TlsErrors.describe(h.cause())));
                        connect.channel().close();
                      }
                    });
          });
    }

    boolean hasCapacity() {
      Channel ch = connect.channel();
      if (connect.isDone() && !ch.isActive()) {
        return false;
      }
      Http2FrameCodec codec = ch.pipeline().get(Http2FrameCodec.class);
      if (codec == null) {
        return false;
      }
      if (codec.connection().goAwayReceived() || codec.connection().goAwaySent()) {
        return false;
      }
      return activeStreams < codec.connection().local().maxActiveStreams();
    }

    void openStream(Promise<Channel> promise) {
      activeStreams++;
      ready.addListener(
          f -> {
            if (!f.isSuccess()) {
              activeStreams--;
              promise.tryFailure(f.cause());
              return;
            }
            new Http2StreamChannelBootstrap(connect.channel())
                .handler(streamInitializer)
                .open()
                .addListener(
                    (Future<Http2StreamChannel> opened) -> {
                      if (opened.isSuccess()) {
                        Http2StreamChannel stream = opened.getNow();
                        stream.closeFuture().addListener(closed -> activeStreams--);
                        promise.trySuccess(stream);
                      } else {
                        activeStreams--;
                        promise.tryFailure(opened.cause());
                      }
                    });
          });
    }
  }
}
