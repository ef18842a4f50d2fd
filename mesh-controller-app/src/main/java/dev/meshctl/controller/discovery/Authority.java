package dev.meshctl.controller.discovery;

import java.util.Locale;

/**
 * The {@code host:port} a client addressed, as a proxy asks for it in {@code GetDestination.path}.
 * The host is lower-cased; an IPv6 host is written in brackets ({@code [fd00::1]:80}) and kept
 * without them. Without a port, 80 is meant (an HTTP client's default).
 */
public record Authority(String host, int port) {

  static final int DEFAULT_PORT = 80;

  public Authority {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("the authority has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not within 1-65535");
    }
  }

  /**
   * Parses {@code host:port}, {@code host}, {@code [v6]:port} or {@code [v6]}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Authority parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the authority is empty");
    }
    String authority = text.trim().toLowerCase(Locale.ROOT);
    String host;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("\"" + text + "\" has an unclosed '['");
      }
      host = authority.substring(1, close);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("\"" + text + "\" is not host:port");
        }
        port = rest.substring(1);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && authority.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "\"" + text + "\": write an IPv6 address in brackets, as in [fd00::1]:80");
      }
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    try {
      return new Authority(host, port == null ? DEFAULT_PORT : Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + text + "\": \"" + port + "\" is not a port");
    }
  }

  /** Whether the host is an IP address literal rather than a name. */
  public boolean isIpAddress() {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
