package dev.meshctl.proxy.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain blocking TCP server on a loopback port, one thread per connection, for opaque-TCP tests:
 * what it does with a connection is the {@link Session} it is given.
 */
final class RawTcpServer implements AutoCloseable {

  /** Serves one accepted connection; the socket is closed after it returns. */
  @FunctionalInterface
  interface Session {
    void serve(Socket socket) throws IOException;
  }

  private final ServerSocket listener;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "raw-tcp-server");
            t.setDaemon(true);
            return t;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();

  private RawTcpServer(InetSocketAddress address, Session session) throws IOException {
    listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(address);
    threads.execute(() -> acceptLoop(session));
  }

  static RawTcpServer start(Session session) throws IOException {
    return new RawTcpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), session);
  }

  static RawTcpServer start(InetSocketAddress address, Session session) throws IOException {
    return new RawTcpServer(address, session);
  }

  /** Echoes every byte back until the client ends its output, then closes. */
  static Session echo() {
    return socket -> socket.getInputStream().transferTo(socket.getOutputStream());
  }

  /**
   * Server speaks first, like SMTP: sends {@code banner}, then answers each line it reads with
   * {@code "250 " + line}, until a {@code QUIT} line, answered with {@code "221 bye"}.
   */
  static Session banner(String banner) {
    return socket -> {
      OutputStream out = socket.getOutputStream();
      out.write(banner.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("QUIT")) {
          out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
          return;
        }
        out.write(("250 " + line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    };
  }

  /**
   * Reads the whole request until the client half-closes, then answers {@code replySize} bytes of
   * {@link #pattern} preceded by the request's length as 8 ASCII digits, and closes.
   */
  static Session readToEofThenReply(int replySize) {
    return socket -> {
      byte[] request = socket.getInputStream().readAllBytes();
      OutputStream out = socket.getOutputStream();
      out.write(String.format("%08d", request.length).getBytes(StandardCharsets.US_ASCII));
      out.write(pattern(replySize));
      out.flush();
    };
  }

  /** A deterministic, non-text byte pattern of the given length. */
  static byte[] pattern(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 8));
    }
    return bytes;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  private void acceptLoop(Session session) {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      open.add(socket);
      threads.execute(
          () -> {
            try (socket) {
              session.serve(socket);
            } catch (SocketException e) {
              // the peer went away, or the server is closing
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } finally {
              open.remove(socket);
            }
          });
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : open) {
      socket.close();
    }
    threads.shutdownNow();
  }
}
