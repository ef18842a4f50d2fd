package dev.meshctl.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the headers that describe one hop of a connection rather than the message (RFC 9110
 * section 7.6.1): {@code Connection} and every header it names, {@code Keep-Alive}, {@code
 * Proxy-Connection}, {@code Transfer-Encoding}, {@code Upgrade} and {@code TE} (except {@code TE:
 * trailers}, which gRPC needs end to end over HTTP/2).
 */
final class HopByHopHeaders {

  private HopByHopHeaders() {}

  /**
   * @param keepUpgrade keep {@code Upgrade} and {@code Connection: upgrade} (a protocol switch the
   *     proxy relays, e.g. WebSocket)
   */
  static void strip(HttpHeaders headers, boolean keepUpgrade) {
    List<String> named = null;
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty() && !(keepUpgrade && name.equalsIgnoreCase("upgrade"))) {
          if (named == null) {
            named = new ArrayList<>(2);
          }
          named.add(name);
        }
      }
    }
    if (named != null) {
      for (String name : named) {
        if (!name.equalsIgnoreCase("te")) {
          headers.remove(name);
        }
      }
    }
    headers.remove(HttpHeaderNames.CONNECTION);
    headers.remove(HttpHeaderNames.KEEP_ALIVE);
    headers.remove("proxy-connection");
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (keepUpgrade) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
    String te = headers.get(HttpHeaderNames.TE);
    if (te != null && !te.trim().equalsIgnoreCase("trailers")) {
      headers.remove(HttpHeaderNames.TE);
    }
  }
}
