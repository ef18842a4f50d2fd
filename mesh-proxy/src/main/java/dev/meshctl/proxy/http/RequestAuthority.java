package dev.meshctl.proxy.http;

import dev.meshctl.proxy.discovery.Authority;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/** The authority a request names: its absolute-form target's, else its Host (or :authority). */
public final class RequestAuthority {

  private RequestAuthority() {}

  public static Optional<Authority> of(HttpRequest request) {
    String uri = request.uri();
    String text = null;
    int defaultPort = 80;
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      int start = uri.indexOf("//") + 2;
      int end = uri.indexOf('/', start);
      text = end < 0 ? uri.substring(start) : uri.substring(start, end);
      defaultPort = uri.startsWith("https") ? 443 : 80;
    }
    if (text == null || text.isEmpty()) {
      text = request.headers().get(HttpHeaderNames.HOST);
    }
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Authority.parse(text, defaultPort));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
