package dev.meshctl.bench.backend;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * The backend's pipeline: {@code detect} first, which replaces itself with the HTTP/1.1 or the
 * HTTP/2 responder once the first bytes say which.
 *
 * <pre>
 * detect => http1-codec -> http1-responder        (HTTP/1.1)
 *        => http2-codec -> http2-responder        (h2c prior knowledge, gRPC)
 * </pre>
 */
final class BackendInitializer extends ChannelInitializer<SocketChannel> {

  private final long delayNanos;

  /**
   * @param delayNanos how long each answer is held back; 0 for none
   */
  BackendInitializer(long delayNanos) {
    this.delayNanos = delayNanos;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline().addLast("detect", new PrefaceDetectHandler(delayNanos));
  }
}
