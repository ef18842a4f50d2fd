package dev.meshctl.bench.sut;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal HTTP/1.1 GET for admin endpoints, cheap enough to poll every millisecond. */
final class HttpProbe {

  private static final int MAX_HEAD = 16 * 1024;

  private HttpProbe() {}

  /** The status code of {@code GET path} at {@code address}, or -1 when nothing answers. */
  static int status(InetSocketAddress address, String path) {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(1_000);
      socket.connect(address, 200);
      send(socket, path, "localhost");
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      int n = 0;
      while (n < head.length) {
        int read = in.read(head, n, head.length - n);
        if (read < 0) {
          return -1;
        }
        n += read;
      }
      // "HTTP/1.1 200"
      return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The status line and headers of {@code GET path} with {@code host} as the {@code Host} header,
   * sent to {@code address}: one request through a proxy, whose answer says why it failed.
   */
  static String head(InetSocketAddress address, String path, String host) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(5_000);
      socket.connect(address, 1_000);
      send(socket, path, host);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0; // of "\r\n\r\n"
      while (matched < 4 && head.size() < MAX_HEAD) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
        if ((b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1)) {
          matched++;
        } else {
          matched = b == '\r' ? 1 : 0;
        }
      }
      return head.toString(StandardCharsets.ISO_8859_1).trim();
    }
  }

  private static void send(Socket socket, String path, String host) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + path + " HTTP/1.1\r\nhost: " + host + "\r\nconnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
  }
}
