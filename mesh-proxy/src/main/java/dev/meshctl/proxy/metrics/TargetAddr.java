package dev.meshctl.proxy.metrics;

import java.net.InetSocketAddress;

/** The {@code target_addr} label of an endpoint: {@code ip:port}, IPv6 in brackets. */
public final class TargetAddr {

  private TargetAddr() {}

  public static String of(InetSocketAddress address) {
    String ip = address.getAddress().getHostAddress();
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
  }
}
