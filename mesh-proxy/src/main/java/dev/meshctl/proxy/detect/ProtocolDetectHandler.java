package dev.meshctl.proxy.detect;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Peeks at the first bytes of an accepted connection to tell HTTP/2 (prior knowledge), HTTP/1, a
 * TLS ClientHello or opaque TCP apart, without consuming anything: once it has decided it hands the
 * pipeline to {@code onDetected}, which installs the protocol's handlers after this one, then
 * removes itself, and the bytes it held flow on to them. A connection that stays silent for the
 * detection timeout is opaque (a server-speaks-first protocol).
 *
 * <p>Sits right after the connection metrics handler of a listener's pipeline.
 */
public final class ProtocolDetectHandler extends ByteToMessageDecoder {

  private static final Logger LOG = Logger.getLogger(ProtocolDetectHandler.class.getName());

  private static final byte[] H2_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static final String[] METHODS = {
    "GET ", "HEAD ", "POST ", "PUT ", "DELETE ", "CONNECT ", "OPTIONS ", "TRACE ", "PATCH "
  };

  private final Duration timeout;
  private final int maxPeek;
  private final BiConsumer<ChannelHandlerContext, Protocol> onDetected;
  private ScheduledFuture<?> timer;
  private boolean decided;

  /**
   * @param timeout how long to wait for the first bytes
   * @param maxPeek bytes to look at before giving up on finding an HTTP/1 request line (the HTTP/1
   *     codec's initial-line limit)
   * @param onDetected installs the handlers for the protocol found; called once, on the event loop
   */
  public ProtocolDetectHandler(
      Duration timeout, int maxPeek, BiConsumer<ChannelHandlerContext, Protocol> onDetected) {
    this.timeout = timeout;
    this.maxPeek = maxPeek;
    this.onDetected = onDetected;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    // Added to a connection already open (inside TLS, after the handshake): the clock starts now.
    if (ctx.channel().isActive()) {
      startTimer(ctx);
    }
    super.handlerAdded(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    startTimer(ctx);
    super.channelActive(ctx);
  }

  private void startTimer(ChannelHandlerContext ctx) {
    if (timer == null) {
      timer =
          ctx.executor()
              .schedule(
                  () -> decide(ctx, Protocol.OPAQUE), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    Protocol protocol = classify(in, maxPeek);
    if (protocol != null) {
      decide(ctx, protocol);
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // The peer ended its output: no more bytes will tell us more than these.
    if (!decided) {
      Protocol protocol = in.isReadable() ? classify(in, maxPeek) : null;
      decide(ctx, protocol != null ? protocol : Protocol.OPAQUE);
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void decide(ChannelHandlerContext ctx, Protocol protocol) {
    if (decided || ctx.isRemoved()) {
      return;
    }
    decided = true;
    try {
      onDetected.accept(ctx, protocol);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot set up a " + protocol + " connection: closing it", e);
      ctx.close();
      return;
    }
    ctx.pipeline().remove(this);
  }

  /** The protocol the buffered bytes show, or null when more bytes are needed to tell. */
  static Protocol classify(ByteBuf in, int maxPeek) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    if (readable == 0) {
      return null;
    }
    // HTTP/2 prior knowledge: the whole preface, or a prefix of it so far.
    int h2 = Math.min(readable, H2_PREFACE.length);
    if (matches(in, start, H2_PREFACE, h2)) {
      return h2 == H2_PREFACE.length ? Protocol.HTTP2 : null;
    }
    // TLS: a handshake record (22) of TLS 1.x (major version 3) carrying a ClientHello.
    if (in.getByte(start) == 0x16) {
      if (readable < 6) {
        return null;
      }
      return in.getByte(start + 1) == 3 && in.getByte(start + 5) == 1
          ? Protocol.TLS
          : Protocol.OPAQUE;
    }
    // HTTP/1: a known method decides at once, so that a malformed or over-long request line still
    // reaches the HTTP codec and gets its 400 rather than being tunnelled.
    for (String method : METHODS) {
      int n = Math.min(readable, method.length());
      if (matches(in, start, method.getBytes(StandardCharsets.US_ASCII), n)) {
        return n == method.length() ? Protocol.HTTP1 : null;
      }
    }
    // Another method token: wait for the request line and check it ends in HTTP/1.x.
    for (int i = 0; i < Math.min(readable, maxPeek); i++) {
      byte b = in.getByte(start + i);
      if (b == '\n') {
        return isRequestLine(in.toString(start, i, StandardCharsets.US_ASCII))
            ? Protocol.HTTP1
            : Protocol.OPAQUE;
      }
      if (i == 0 && !isTokenChar(b)) {
        return Protocol.OPAQUE;
      }
    }
    return readable >= maxPeek ? Protocol.OPAQUE : null;
  }

  private static boolean isRequestLine(String line) {
    String trimmed = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    String[] parts = trimmed.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return false;
    }
    for (int i = 0; i < parts[0].length(); i++) {
      if (!isTokenChar((byte) parts[0].charAt(i))) {
        return false;
      }
    }
    return parts[2].equals("HTTP/1.1") || parts[2].equals("HTTP/1.0");
  }

  /** RFC 9110 section 5.6.2 tchar. */
  private static boolean isTokenChar(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }

  private static boolean matches(ByteBuf in, int start, byte[] expected, int length) {
    for (int i = 0; i < length; i++) {
      if (in.getByte(start + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
