package dev.meshctl.proxy.transport;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads where an accepted connection was originally headed before an iptables {@code REDIRECT} sent
 * it to the proxy: {@code getsockopt(SOL_IP, SO_ORIGINAL_DST)} (or the IPv6 equivalent). Only the
 * native epoll transport exposes the socket's file descriptor, so on NIO nothing is found.
 */
public final class OriginalDestination {

  private static final Logger LOG = Logger.getLogger(OriginalDestination.class.getName());

  // linux/in.h, linux/netfilter_ipv4.h, linux/netfilter_ipv6/ip6_tables.h
  private static final int SOL_IP = 0;
  private static final int SOL_IPV6 = 41;
  private static final int SO_ORIGINAL_DST = 80;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;

  private interface LibC extends Library {
    int getsockopt(int fd, int level, int option, byte[] value, IntByReference length);
  }

  private static final LibC LIBC = loadLibC();

  private OriginalDestination() {}

  /**
   * The connection's original destination when it differs from the address it was accepted on (that
   * is, when it was redirected); empty otherwise.
   */
  public static Optional<InetSocketAddress> of(Channel channel) {
    if (LIBC == null || !(channel instanceof EpollSocketChannel epoll)) {
      return Optional.empty();
    }
    InetSocketAddress local = epoll.localAddress();
    if (local == null) {
      return Optional.empty();
    }
    int fd = epoll.fd().intValue();
    Optional<InetSocketAddress> original =
        local.getAddress() instanceof java.net.Inet6Address
                && !isV4Mapped(local.getAddress().getAddress())
            ? query(fd, SOL_IPV6, 28)
            : query(fd, SOL_IP, 16);
    return original.filter(dst -> !dst.equals(local));
  }

  private static Optional<InetSocketAddress> query(int fd, int level, int size) {
    byte[] buffer = new byte[size];
    IntByReference length = new IntByReference(size);
    if (LIBC.getsockopt(fd, level, SO_ORIGINAL_DST, buffer, length) != 0) {
      return Optional.empty(); // ENOENT: no NAT entry, the connection was not redirected
    }
    return parseSockaddr(buffer);
  }

  /**
   * Parses a {@code sockaddr_in} or {@code sockaddr_in6} (family in host order, port in network).
   */
  static Optional<InetSocketAddress> parseSockaddr(byte[] sockaddr) {
    int family = (sockaddr[0] & 0xff) | (sockaddr[1] & 0xff) << 8;
    int port = (sockaddr[2] & 0xff) << 8 | (sockaddr[3] & 0xff);
    try {
      if (family == AF_INET) {
        return Optional.of(
            new InetSocketAddress(
                InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 4, 8)), port));
      }
      if (family == AF_INET6 && sockaddr.length >= 24) {
        return Optional.of(
            new InetSocketAddress(
                InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 8, 24)), port));
      }
    } catch (UnknownHostException e) {
      // cannot happen for 4- and 16-byte arrays
    }
    return Optional.empty();
  }

  private static boolean isV4Mapped(byte[] address) {
    if (address.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
  }

  private static LibC loadLibC() {
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "transparent mode unavailable: cannot load libc for SO_ORIGINAL_DST: {0}",
          e.toString());
      return null;
    }
  }
}
