package dev.meshctl.proxy.init;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP servers for {@link ProxyInitNetnsTest}, run in a network namespace: one per {@code ip:port}
 * argument, each answering {@code hello from <port>; peer <client ip>} so that a test can tell a
 * connection the proxy made (from 127.0.0.1) from a direct one. Prints {@code listening} once all
 * are bound.
 */
public final class EchoPeerServers {

  private EchoPeerServers() {}

  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      int colon = arg.lastIndexOf(':');
      int port = Integer.parseInt(arg.substring(colon + 1));
      HttpServer server =
          HttpServer.create(new InetSocketAddress(arg.substring(0, colon), port), 64);
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                ("hello from "
                        + port
                        + "; peer "
                        + exchange.getRemoteAddress().getAddress().getHostAddress()
                        + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
    }
    System.out.println("listening");
  }
}
