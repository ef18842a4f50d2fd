package dev.meshctl.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Ports on 127.0.0.1 for the local mesh's listeners: a fixed port is checked to be free, port 0
 * takes one the system offers. Each port is handed out once per run.
 */
final class FreePorts {

  private final Set<Integer> handedOut = new HashSet<>();

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

  private static int systemChosen() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UserFacingException("cannot open a socket on 127.0.0.1: " + e.getMessage(), e);
    }
  }
}
