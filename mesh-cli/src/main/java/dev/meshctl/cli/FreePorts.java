package dev.meshctl.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 for the local mesh's listeners: a fixed port is checked to be free, port 0
 * takes a free one. Each port is handed out once per run.
 *
 * <p>Free ports are drawn below the kernel's ephemeral range ({@code ip_local_port_range}): a port
 * inside it can be taken, between the check and the listener's bind, as the local end of any
 * outgoing connection on the machine, and the local mesh makes many of those while it starts.
 */
final class FreePorts {

  private static final int LOWEST = 15000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private final Set<Integer> handedOut = new HashSet<>();
  private final int highest = belowEphemeralRange() - 1;

  /**
   * {@code wanted} when it is free, a system-chosen free port when {@code wanted} is 0.
   *
   * @throws UserFacingException naming {@code what} when {@code wanted} is in use
   */
  synchronized int take(int wanted, String what, String option) {
    if (wanted != 0) {
      if (handedOut.contains(wanted) || !isFree(wanted)) {
        throw new UserFacingException(
            "port "
                + wanted
                + " ("
                + what
                + ") is already in use on 127.0.0.1: stop what listens there, or pass "
                + option
                + " with another port (0 picks a free one)");
      }
      handedOut.add(wanted);
      return wanted;
    }
    if (highest - LOWEST >= 1000) {
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
        if (!handedOut.contains(port) && isFree(port)) {
          handedOut.add(port);
          return port;
        }
      }
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = systemChosen();
      if (handedOut.add(port)) {
        return port;
      }
    }
    throw new UserFacingException("could not find a free port on 127.0.0.1 for " + what);
  }

  synchronized int take(String what) {
    return take(0, what, "");
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }

  /** The first port of the ephemeral range; 32768, Linux's default, where it cannot be read. */
  static int belowEphemeralRange() {
    try {
      // Read as lines: procfs files report a size of 0, which whole-file reads may trust.
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  private static int systemChosen() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UserFacingException("cannot open a socket on 127.0.0.1: " + e.getMessage(), e);
    }
  }
}
