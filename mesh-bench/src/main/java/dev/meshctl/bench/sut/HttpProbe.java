package dev.meshctl.bench.sut;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal HTTP/1.1 GET for admin endpoints, cheap enough to poll every millisecond. */
final class HttpProbe {

  private HttpProbe() {}

  /** The status code of {@code GET path} at {@code address}, or -1 when nothing answers. */
  static int status(InetSocketAddress address, String path) {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(1_000);
      socket.connect(address, 200);
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
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
}
