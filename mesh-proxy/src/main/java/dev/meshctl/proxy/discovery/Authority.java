package dev.meshctl.proxy.discovery;

import java.util.Locale;

/**
 * The name a client addressed a service by: a host (a DNS name or an IP literal) and a port, as
 * taken from {@code Host} or {@code :authority}. Hosts are compared case-insensitively.
 */
public record Authority(String host, int port) {

  public Authority {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("authority has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("authority port " + port + " is not in 1-65535");
    }
    host = host.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; a missing port is
   * {@code defaultPort}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static Authority parse(String text, int defaultPort) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("authority is empty");
    }
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("authority '" + text + "' has an unclosed '['");
      }
      host = text.substring(1, close);
      if (close + 1 < text.length()) {
        if (text.charAt(close + 1) != ':') {
          throw new IllegalArgumentException("authority '" + text + "' is not [host]:port");
        }
        port = text.substring(close + 2);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0 && text.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "authority '" + text + "' has several ':'; write IPv6 addresses as [addr]:port");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("authority '" + text + "' has no host");
    }
    int portNumber = defaultPort;
    if (port != null) {
      try {
        portNumber = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "authority '" + text + "' has a port that is not a number");
      }
    }
    return new Authority(host, portNumber);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
