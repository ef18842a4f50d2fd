package dev.meshctl.bench.sut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/** Loopback ports for the processes under test: free ones, never the same one twice in a run. */
public final class Ports {

  private final Set<Integer> handedOut = new HashSet<>();

  /** A loopback address whose port was free a moment ago. */
  public synchronized InetSocketAddress free() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (handedOut.add(socket.getLocalPort())) {
          return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
      }
    }
  }

  /** {@code 127.0.0.1:port}, as the proxies' configuration and the config files want it. */
  public static String text(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Whether something accepts connections at {@code address}. */
  public static boolean accepting(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
