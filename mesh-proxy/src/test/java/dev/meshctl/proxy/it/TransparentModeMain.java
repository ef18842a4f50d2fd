package dev.meshctl.proxy.it;

import com.sun.net.httpserver.HttpServer;
import dev.meshctl.proxy.ProxyMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs inside the network namespace of {@link TransparentModeTest}: starts the backends the
 * redirected client dials, then the proxy itself through {@link ProxyMain} (configured by the
 * {@code MESH_PROXY_*} environment the test sets). Every backend tells, in its answer, the uid that
 * owns the socket that connected to it (read from {@code /proc/net/tcp} of the namespace): the
 * proxy runs as root, the client as 65534, so the answer shows who really connected.
 */
public final class TransparentModeMain {

  static final String BACKEND_IP = "127.0.0.2";
  static final int HTTP_PORT = 8080;

  /** Same answer as {@link #HTTP_PORT}, but left out of the redirect: the control. */
  static final int HTTP_DIRECT_PORT = 8081;

  /** Client speaks first: reads to the end of the client's output, then answers. */
  static final int TCP_CLIENT_FIRST_PORT = 9001;

  /** Server speaks first (a banner), on a port the proxy is told is opaque. */
  static final int TCP_SERVER_FIRST_PORT = 9002;

  private TransparentModeMain() {}

  public static void main(String[] args) throws Exception {
    for (int port : List.of(HTTP_PORT, HTTP_DIRECT_PORT)) {
      HttpServer http = HttpServer.create(new InetSocketAddress(BACKEND_IP, port), 16);
      http.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                ("hello from "
                        + BACKEND_IP
                        + ":"
                        + port
                        + "; peer uid "
                        + peerUid(exchange.getRemoteAddress(), exchange.getLocalAddress())
                        + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      http.start();
    }
    RawTcpServer.start(
        new InetSocketAddress(BACKEND_IP, TCP_CLIENT_FIRST_PORT),
        socket -> {
          byte[] request = socket.getInputStream().readAllBytes();
          String answer =
              "received " + request.length + " bytes; peer uid " + peerUid(socket) + "\n";
          socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
        });
    RawTcpServer.start(
        new InetSocketAddress(BACKEND_IP, TCP_SERVER_FIRST_PORT),
        socket -> {
          OutputStream out = socket.getOutputStream();
          out.write(("220 banner; peer uid " + peerUid(socket) + "\r\n").getBytes());
          out.flush();
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          if ("QUIT".equals(in.readLine())) {
            out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        });
    System.out.println("backends ready");
    ProxyMain.main(new String[0]);
  }

  private static String peerUid(Socket socket) {
    return peerUid(
        (InetSocketAddress) socket.getRemoteSocketAddress(),
        (InetSocketAddress) socket.getLocalSocketAddress());
  }

  /**
   * The uid owning the socket at {@code peer} connected to {@code local}, from the namespace's
   * {@code /proc/net/tcp} or, for a dual-stack socket, {@code /proc/net/tcp6}; or "unknown".
   */
  static String peerUid(InetSocketAddress peer, InetSocketAddress local) {
    for (boolean v6 : new boolean[] {false, true}) {
      String from = procAddress(peer, v6);
      String to = procAddress(local, v6);
      try {
        for (String line : Files.readAllLines(Path.of(v6 ? "/proc/net/tcp6" : "/proc/net/tcp"))) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 7 && fields[1].equals(from) && fields[2].equals(to)) {
            return fields[7];
          }
        }
      } catch (IOException e) {
        return "unknown (" + e.getMessage() + ")";
      }
    }
    return "unknown";
  }

  /**
   * An address as /proc/net/tcp{,6} writes it: each 32-bit word of the IP in host (little-endian)
   * order, then the port; an IPv4 address in tcp6 is IPv4-mapped.
   */
  private static String procAddress(InetSocketAddress address, boolean v6) {
    byte[] ip = address.getAddress().getAddress();
    if (v6 && ip.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(ip, 0, mapped, 12, 4);
      ip = mapped;
    }
    StringBuilder out = new StringBuilder();
    for (int word = 0; word < ip.length; word += 4) {
      for (int i = 3; i >= 0; i--) {
        out.append(String.format("%02X", ip[word + i]));
      }
    }
    return out.append(String.format(":%04X", address.getPort())).toString();
  }
}
