package dev.meshctl.proxy.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of an admin connection. The admin server is not the data path: its requests are
 * small, so they are aggregated whole.
 *
 * <pre>
 * idle        closes a connection silent for the idle timeout (the event reaches the handler)
 * http-codec  HTTP/1.1, with explicit line and header limits
 * keep-alive  keeps the connection or closes it after the response, as the request asked
 * aggregator  one FullHttpRequest, body up to {@value #MAX_CONTENT_LENGTH} bytes (413 beyond)
 * admin       {@link AdminHandler}
 * </pre>
 */
final class AdminInitializer extends ChannelInitializer<Channel> {

  static final int MAX_INITIAL_LINE_LENGTH = 4096;
  static final int MAX_HEADER_SIZE = 8192;
  static final int MAX_CONTENT_LENGTH = 8192;

  private final AdminHandler handler;
  private final ChannelGroup connections;
  private final Duration idleTimeout;

  /**
   * @param connections every accepted connection is added, so that closing the server ends them
   */
  AdminInitializer(AdminHandler handler, ChannelGroup connections, Duration idleTimeout) {
    this.handler = handler;
    this.connections = connections;
    this.idleTimeout = idleTimeout;
  }

  @Override
  protected void initChannel(Channel ch) {
    connections.add(ch);
    ch.pipeline()
        .addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
        .addLast(
            "http-codec",
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
                    .setMaxHeaderSize(MAX_HEADER_SIZE)))
        .addLast("keep-alive", new HttpServerKeepAliveHandler())
        .addLast("aggregator", new HttpObjectAggregator(MAX_CONTENT_LENGTH))
        .addLast("admin", handler);
  }
}
