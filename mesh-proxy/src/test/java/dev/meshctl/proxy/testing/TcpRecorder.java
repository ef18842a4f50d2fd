package dev.meshctl.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay on a loopback port that forwards every connection to {@code target} and keeps a copy
 * of the bytes each way, as a packet capture of the wire between two proxies would.
 */
public final class TcpRecorder implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ByteArrayOutputStream toTarget = new ByteArrayOutputStream();
  private final ByteArrayOutputStream fromTarget = new ByteArrayOutputStream();
  private final List<Socket> sockets = new ArrayList<>();

  private TcpRecorder(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "tcp-recorder");
    accept.setDaemon(true);
    accept.start();
  }

  public static TcpRecorder start(InetSocketAddress target) throws IOException {
    return new TcpRecorder(target);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** The bytes sent towards the target so far, all connections together. */
  public byte[] sent() {
    synchronized (toTarget) {
      return toTarget.toByteArray();
    }
  }

  /** The bytes the target sent back so far. */
  public byte[] received() {
    synchronized (fromTarget) {
      return fromTarget.toByteArray();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        // As the proxies' own sockets: without Nagle, small TLS records are not held back.
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        pump(client.getInputStream(), upstream.getOutputStream(), toTarget, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), fromTarget, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(
      InputStream in, OutputStream out, ByteArrayOutputStream copy, Socket destination) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                  synchronized (copy) {
                    copy.write(buffer, 0, n);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
                destination.shutdownOutput();
              } catch (IOException e) {
                // the connection ended
              }
            },
            "tcp-recorder-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
