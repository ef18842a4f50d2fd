package dev.meshctl.demo;

import java.net.InetSocketAddress;

/**
 * A host (name or IP literal) and a port, as written on the command line: {@code 127.0.0.1:8080},
 * {@code [::1]:8080} or an authority such as {@code books.demo.svc.cluster.local:8080}.
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
  }

  /**
   * Parses {@code host:port}; the message of the exception says what is wrong with the text.
   *
   * @throws IllegalArgumentException when {@code text} is not a host and a port
   */
  public static HostPort parse(String text) {
    String value = text.trim();
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not host:port, e.g. 127.0.0.1:8080 or web.demo.svc.cluster.local:80");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "\"" + text + "\": write an IPv6 address in brackets, e.g. [::1]:8080");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\": \"" + value.substring(colon + 1) + "\" is not a port number");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "\"" + text + "\": port " + port + " is not between 0 and 65535");
    }
    return new HostPort(host, port);
  }

  /** The same host with another port (the one a listener was given for port 0). */
  public HostPort withPort(int otherPort) {
    return new HostPort(host, otherPort);
  }

  /** The socket address, resolving a host name. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
