package dev.meshctl.controller.tap;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens the gRPC channel to one proxy's tap server. With TLS configured, the channel's authority is
 * the pod's identity, so the handshake's host name check requires the proxy's certificate to name
 * it (as a DNS SAN); the certificate must also chain to the mesh's trust anchors, and the
 * controller presents its own. Without TLS (a proxy without identity, on loopback), plaintext.
 *
 * <p>One channel per tap and proxy, closed with the tap: taps are rare and long, and a fresh
 * channel picks up a renewed certificate.
 */
final class TapChannels {

  private final Optional<TapClientTls> tls;
  private final Duration connectTimeout;

  TapChannels(Optional<TapClientTls> tls, Duration connectTimeout) {
    this.tls = tls;
    this.connectTimeout = connectTimeout;
  }

  /**
   * The TLS context for a new tap, read once per tap for all its channels; empty in plaintext.
   *
   * @throws TapRequestException (503) when the certificate files cannot be used
   */
  Optional<SslContext> contextForNewTap() {
    return tls.map(TapClientTls::context);
  }

  ManagedChannel open(TapTarget target, Optional<SslContext> context) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(target.host(), target.port())
            .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .maxInboundMessageSize(1 << 20);
    if (context.isPresent()) {
      builder.sslContext(context.get()).overrideAuthority(target.identity());
    } else {
      builder.usePlaintext();
    }
    return builder.build();
  }
}
