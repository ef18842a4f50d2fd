package dev.meshctl.proxy.http;

import dev.meshctl.proxy.config.ProxyConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Installs the client-facing HTTP handlers once detection has told the protocol. The HTTP/1 and
 * HTTP/2 limits are set here explicitly from configuration, never left to library defaults.
 */
public final class HttpServerCodecs {

  private static final Logger LOG = Logger.getLogger(HttpServerCodecs.class.getName());

  private final ProxyConfig config;
  private final HttpForwarding forwarding;

  public HttpServerCodecs(ProxyConfig config, HttpForwarding forwarding) {
    this.config = config;
    this.forwarding = forwarding;
  }

  /** {@code http1-codec -> http-server}. */
  public void installHttp1(ChannelPipeline pipeline) {
    var limits = config.http1();
    pipeline
        .addLast(
            "http1-codec",
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(limits.maxInitialLineLength())
                    .setMaxHeaderSize(limits.maxHeaderSize())
                    .setMaxChunkSize(limits.maxChunkSize())
                    .setValidateHeaders(true)))
        .addLast("http-server", new ServerExchangeHandler(forwarding, true));
  }

  /**
   * {@code http2-codec -> http2-multiplex}, each stream: {@code http2-request-head -> http2-to-http
   * -> http-server}. Rapid-reset protection: more than the configured RST_STREAM frames per window
   * closes the connection.
   */
  public void installHttp2(ChannelPipeline pipeline) {
    var limits = config.http2();
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .maxConcurrentStreams(limits.maxConcurrentStreams())
                    .maxHeaderListSize(limits.maxHeaderListSize())
                    .initialWindowSize(limits.initialWindowSize()))
            .validateHeaders(true)
            .decoderEnforceMaxRstFramesPerWindow(
                limits.maxResetFramesPerWindow(), (int) limits.resetWindow().toSeconds())
            .gracefulShutdownTimeoutMillis(config.shutdownGracePeriod().toMillis())
            .build();
    pipeline
        .addLast("http2-codec", codec)
        .addLast(
            "http2-multiplex",
            new Http2MultiplexHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel stream) {
                    stream
                        .pipeline()
                        .addLast("http2-request-head", new Http2RequestHeadValidator())
                        .addLast("http2-to-http", new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast("http-server", new ServerExchangeHandler(forwarding, false));
                  }
                }))
        .addLast("http2-lifecycle", new Http2ConnectionLifecycle());
  }

  /**
   * After the multiplexer of an HTTP/2 connection: a client that ends its half of the connection,
   * or a drain, closes the connection gracefully (GOAWAY, then in-flight streams may finish).
   */
  private static final class Http2ConnectionLifecycle extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent || evt == ServerExchangeHandler.DRAIN) {
        ctx.close();
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // The codec has already answered (GOAWAY with the error's code, then close); closing here
      // first would send GOAWAY(NO_ERROR) instead. A peer's mistake is logged quietly.
      LOG.log(Level.FINE, "HTTP/2 client connection failed: {0}", cause.toString());
    }
  }
}
