package dev.meshctl.proxy.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses IP-literal socket addresses ({@code a.b.c.d:port}, {@code [v6]:port}) for listen, forward
 * and endpoint addresses. Host names are refused rather than resolved: the proxy never does a DNS
 * lookup while reading its configuration, and an address means the same thing at every start.
 */
public final class SocketAddresses {

  private SocketAddresses() {}

  /**
   * Parses {@code a.b.c.d:port} or {@code [v6]:port}.
   *
   * @param allowPortZero whether port 0 (the OS picks a free port, for listeners) is accepted
   * @throws IllegalArgumentException with a short reason, such as {@code host names are not
   *     accepted}, that does not repeat the text
   */
  public static InetSocketAddress parseIpAndPort(String text, boolean allowPortZero) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("the address is empty");
    }
    String host;
    String port;
    byte[] bytes;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'[' is not closed by ']'");
      }
      if (close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("the port is missing; write [address]:port");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      bytes = parseIpv6(host);
      if (bytes == null) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0 && text.indexOf(':') != colon) {
        throw new IllegalArgumentException("IPv6 addresses must be in brackets, as in [::1]:4143");
      }
      if (colon < 0) {
        throw new IllegalArgumentException("the port is missing; write address:port");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
      bytes = parseIpv4(host);
      if (bytes == null) {
        throw new IllegalArgumentException(
            looksNumeric(host)
                ? "'" + host + "' is not an IPv4 address"
                : "host names are not accepted, only IP addresses");
      }
    }
    int portNumber = parsePort(port, allowPortZero);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), portNumber);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  private static int parsePort(String port, boolean allowPortZero) {
    int min = allowPortZero ? 0 : 1;
    if (port.isEmpty() || port.length() > 5 || !allDigits(port)) {
      throw new IllegalArgumentException("the port '" + port + "' is not a number");
    }
    int value = Integer.parseInt(port);
    if (value < min || value > 65535) {
      throw new IllegalArgumentException("the port " + value + " is not in " + min + "-65535");
    }
    return value;
  }

  /** Four decimal octets, nothing else (no shorthand such as {@code 127.1}). */
  private static byte[] parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || !allDigits(part)) {
        return null;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  /**
   * RFC 4291 section 2.2 text forms: eight groups of up to four hex digits, at most one {@code ::},
   * optionally ending in a dotted IPv4 address. Zone ids are not accepted.
   */
  private static byte[] parseIpv6(String text) {
    if (text.isEmpty()) {
      return null;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    int[] headGroups = parseGroups(head, gap < 0);
    int[] tailGroups = parseGroups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int groups = headGroups.length + tailGroups.length;
    if (gap < 0 ? groups != 8 : groups > 7) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      bytes[2 * i] = (byte) (headGroups[i] >> 8);
      bytes[2 * i + 1] = (byte) headGroups[i];
    }
    int offset = 8 - tailGroups.length;
    for (int i = 0; i < tailGroups.length; i++) {
      bytes[2 * (offset + i)] = (byte) (tailGroups[i] >> 8);
      bytes[2 * (offset + i) + 1] = (byte) tailGroups[i];
    }
    return bytes;
  }

  /** Colon-separated hex groups; the last may be a dotted IPv4 address when allowed. */
  private static int[] parseGroups(String text, boolean ipv4LastAllowed) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    String last = parts[parts.length - 1];
    boolean ipv4Last = ipv4LastAllowed && last.indexOf('.') >= 0;
    int[] groups = new int[parts.length + (ipv4Last ? 1 : 0)];
    for (int i = 0; i < parts.length - (ipv4Last ? 1 : 0); i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int value = 0;
      for (int c = 0; c < part.length(); c++) {
        int digit = Character.digit(part.charAt(c), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      groups[i] = value;
    }
    if (ipv4Last) {
      byte[] v4 = parseIpv4(last);
      if (v4 == null) {
        return null;
      }
      groups[parts.length - 1] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
      groups[parts.length] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
    }
    return groups;
  }

  private static boolean looksNumeric(String host) {
    return !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static boolean allDigits(String text) {
    return text.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
