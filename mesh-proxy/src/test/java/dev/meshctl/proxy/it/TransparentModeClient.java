package dev.meshctl.proxy.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The opaque-TCP client of {@link TransparentModeTest}, run in the namespace as an unprivileged
 * user (whose connections the namespace's iptables rule redirects to the proxy). Depends on the JDK
 * alone, since it runs from a copy of this one class file: the build's class path is not readable
 * by that user. Prints what it received.
 *
 * <ul>
 *   <li>{@code client-first HOST PORT SIZE}: sends SIZE bytes that are not HTTP, ends its output,
 *       and reads the answer to the end
 *   <li>{@code server-first HOST PORT}: reads the banner line, sends {@code QUIT}, reads the rest
 * </ul>
 */
public final class TransparentModeClient {

  private TransparentModeClient() {}

  public static void main(String[] args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(10_000);
      socket.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 10_000);
      OutputStream out = socket.getOutputStream();
      if (args[0].equals("client-first")) {
        byte[] request = new byte[Integer.parseInt(args[3])];
        for (int i = 0; i < request.length; i++) {
          request[i] = (byte) (i * 7); // starts with 0x00: neither HTTP nor TLS
        }
        out.write(request);
        socket.shutdownOutput();
        System.out.print(
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } else {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        System.out.println(in.readLine());
        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
          System.out.println(line);
        }
      }
    }
  }
}
