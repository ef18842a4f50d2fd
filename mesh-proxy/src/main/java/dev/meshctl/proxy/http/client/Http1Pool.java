package dev.meshctl.proxy.http.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Keep-alive HTTP/1.1 connections to one endpoint, for one event loop (so no locking): a request
 * takes an idle connection or opens a new one, and gives it back when its exchange ended cleanly.
 */
final class Http1Pool {

  private final InetSocketAddress target;
  private final Bootstrap bootstrap;
  private final int maxIdle;
  private final ArrayDeque<Channel> idle = new ArrayDeque<>();

  Http1Pool(InetSocketAddress target, Bootstrap bootstrap, int maxIdle) {
    this.target = target;
    this.bootstrap = bootstrap;
    this.maxIdle = maxIdle;
  }

  Future<Channel> acquire(Promise<Channel> promise) {
    for (Channel ch; (ch = idle.pollLast()) != null; ) {
      if (ch.isActive()) {
        return promise.setSuccess(ch);
      }
    }
    ChannelFuture connect = bootstrap.connect(target);
    connect.addListener(
        f -> {
          if (f.isSuccess()) {
            Channel ch = connect.channel();
            ch.closeFuture().addListener(closed -> idle.remove(ch));
            promise.trySuccess(ch);
          } else {
            promise.tryFailure(f.cause());
          }
        });
    return promise;
  }

  void release(Channel ch) {
    if (!ch.isActive() || idle.size() >= maxIdle) {
      ch.close();
      return;
    }
    idle.addLast(ch);
  }
}
