package dev.meshctl.bench.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Arrays;

/**
 * Counts the bytes a TLS client receives before its handshake completes: the server's flight.
 * Whether it carried the server's certificate tells a full handshake from a resumed one (TLS 1.3
 * sends no Certificate when a session is resumed with a pre-shared key, RFC 8446 section 2.2). Sits
 * before {@code tls}, on the raw bytes; passes everything on untouched.
 */
final class ServerFlightCounter extends ChannelInboundHandlerAdapter {

  private long bytes;
  private boolean handshaken;

  /** Called when the handshake is done: bytes read from then on are not counted. */
  void handshakeDone() {
    handshaken = true;
  }

  /** The bytes read before the handshake completed. */
  long bytes() {
    return bytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!handshaken && msg instanceof ByteBuf buf) {
      bytes += buf.readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * Whether a server flight of {@code flight} bytes was a full handshake's, given a full one of
   * {@code fullFlight} bytes and the server's leaf of {@code leafLength}: a resumed flight lacks at
   * least the leaf (and its issuer, and the CertificateVerify), while full ones differ by a few
   * bytes (ECDSA signatures vary in length). Session tickets a server sends in the same flight
   * could blur this for other setups; {@code bench/handshakes} checks it against its forced-full
   * variant.
   */
  static boolean isFull(long flight, long fullFlight, long leafLength) {
    return flight >= fullFlight - leafLength / 2;
  }

  /** The median of {@code flights}, 0 when there are none. */
  static long median(long[] flights) {
    if (flights.length == 0) {
      return 0;
    }
    long[] sorted = flights.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
