package dev.meshctl.proxy.tap;

import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.metrics.Direction;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * What a tap needs of a request, taken when it arrives (and only while a tap is open): its method,
 * scheme, authority and path as the client sent them, the connection it came on, and when.
 *
 * @param authority the request's authority as sent (absolute-form target, else {@code Host} or
 *     {@code :authority}); "" when it named none
 * @param normalizedAuthority the same as {@code host:port} with the default port filled in, for
 *     matching; "" when not parseable
 * @param path the request target in origin form (path and query)
 * @param sourceAddress the client's {@code ip:port}
 * @param connectionIdentity the client's mTLS identity (inbound), "" otherwise
 * @param startNanos {@link System#nanoTime()} when the request arrived
 * @param startEpochMillis the wall-clock time it arrived
 */
public record TapRequestHead(
    Direction direction,
    String method,
    String scheme,
    String authority,
    String normalizedAuthority,
    String path,
    String sourceAddress,
    String connectionIdentity,
    long startNanos,
    long startEpochMillis) {

  /** The header Netty's HTTP/2-to-HTTP conversion puts {@code :scheme} in. */
  private static final String HTTP2_SCHEME = "x-http2-scheme";

  /**
   * Takes the head of {@code request}, before the proxy changes it (absolute form, headers).
   *
   * @param client the client's address
   * @param connectionIdentity the identity the client proved over mTLS, if any
   */
  public static TapRequestHead of(
      Direction direction,
      HttpRequest request,
      SocketAddress client,
      Optional<String> connectionIdentity,
      long startNanos) {
    String uri = request.uri();
    String scheme = request.headers().get(HTTP2_SCHEME);
    String authority = null;
    String path = uri;
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      int start = uri.indexOf("//") + 2;
      int slash = uri.indexOf('/', start);
      authority = slash < 0 ? uri.substring(start) : uri.substring(start, slash);
      path = slash < 0 ? "/" : uri.substring(slash);
      scheme = uri.substring(0, start - 3);
    }
    if (authority == null || authority.isEmpty()) {
      authority = request.headers().get(HttpHeaderNames.HOST, "");
    }
    return new TapRequestHead(
        direction,
        request.method().name(),
        scheme == null ? "http" : scheme,
        authority,
        normalize(authority, "https".equals(scheme) ? 443 : 80),
        path,
        address(client),
        connectionIdentity.orElse(""),
        startNanos,
        System.currentTimeMillis());
  }

  /** Whether the request names {@code expected}, as sent or as {@code host:port}. */
  boolean hasAuthority(String expected) {
    return authority.equalsIgnoreCase(expected) || normalizedAuthority.equalsIgnoreCase(expected);
  }

  private static String normalize(String authority, int defaultPort) {
    if (authority.isEmpty()) {
      return "";
    }
    try {
      return Authority.parse(authority, defaultPort).toString();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** {@code ip:port}, IPv6 in brackets; "" for an address of another kind. */
  static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      String ip = inet.getAddress().getHostAddress();
      return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
    }
    return "";
  }
}
