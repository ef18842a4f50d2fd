package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever the peers do, the proxy's memory stays within a fixed buffer budget: run at {@code
 * -Xmx64m}, it carries a 1 GiB upload to a server that stalls before reading, and a 1 GiB download
 * to a client that stalls before reading, intact (same SHA-256) and without running out of memory.
 */
class ProxyBoundedMemoryIT {

  private static final long GIB = 1L << 30;
  private static final long STALL_MS = 2000;

  private static HttpServer backend;
  private static ProxyProcess proxy;
  private static int inboundPort;
  private static int adminPort;

  @BeforeAll
  static void start() throws Exception {
    backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    backend.setExecutor(Executors.newFixedThreadPool(4));
    backend.createContext(
        "/upload",
        exchange -> {
          sleep(STALL_MS); // a slow server: the proxy must stop reading the client meanwhile
          MessageDigest sha = sha256();
          long count = 0;
          try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
              sha.update(buffer, 0, n);
              count += n;
            }
          }
          byte[] answer =
              (count + " " + HexFormat.of().formatHex(sha.digest()))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    backend.createContext(
        "/download",
        exchange -> {
          exchange.sendResponseHeaders(200, GIB);
          try (OutputStream out = exchange.getResponseBody();
              InputStream data = new PatternStream(GIB)) {
            data.transferTo(out);
          } catch (IOException e) {
            // the client went away; nothing to do
          }
        });
    backend.start();

    inboundPort = SpringAppLaunchIT.freePort();
    adminPort = SpringAppLaunchIT.freePort();
    proxy =
        ProxyProcess.start(
            Map.of(
                "MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:0",
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + inboundPort,
                "MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + adminPort,
                "MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:" + backend.getAddress().getPort()),
            "-Xmx64m",
            "-XX:MaxDirectMemorySize=64m");
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(IOException.class)
        .failFast("mesh-proxy exited", () -> !proxy.process.isAlive())
        .until(
            () ->
                ProxyProcess.get(http, "http://127.0.0.1:" + adminPort + "/ready").statusCode()
                    == 200);
  }

  @AfterAll
  static void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (backend != null) {
      backend.stop(0);
    }
  }

  @Test
  void oneGibUploadToAStallingServer_arrivesIntact_atXmx64m() throws Exception {
    PatternStream body = new PatternStream(GIB);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + inboundPort + "/upload"))
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> body), GIB))
                .timeout(Duration.ofMinutes(3))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(GIB + " " + body.hex());
    assertProxyAlive();
  }

  @Test
  void oneGibDownloadToAStallingClient_arrivesIntact_atXmx64m() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), inboundPort)) {
      socket
          .getOutputStream()
          .write(
              "GET /download HTTP/1.1\r\nHost: backend\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      sleep(STALL_MS); // a slow client: the proxy must stop reading the server meanwhile
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + GIB);
      MessageDigest sha = sha256();
      byte[] buffer = new byte[64 * 1024];
      long count = 0;
      while (count < GIB) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, GIB - count));
        if (n < 0) {
          break;
        }
        sha.update(buffer, 0, n);
        count += n;
      }
      assertThat(count).isEqualTo(GIB);
      PatternStream expected = new PatternStream(GIB);
      expected.transferTo(OutputStream.nullOutputStream());
      assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(expected.hex());
    }
    assertProxyAlive();
  }

  private static void assertProxyAlive() throws Exception {
    assertThat(proxy.process.isAlive()).as("proxy still running").isTrue();
    assertThat(
            ProxyProcess.get(HttpClient.newHttpClient(), "http://127.0.0.1:" + adminPort + "/live")
                .statusCode())
        .isEqualTo(200);
    assertThat(proxy.output()).doesNotContain("OutOfMemoryError");
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString().toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A deterministic byte stream of a given length that digests what it hands out. */
  static final class PatternStream extends InputStream {
    private final long length;
    private final MessageDigest sha = sha256();
    private long position;

    PatternStream(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
      if (position >= length) {
        return -1;
      }
      int n = (int) Math.min(count, length - position);
      for (int i = 0; i < n; i++) {
        buffer[offset + i] = (byte) ((position + i) % 251);
      }
      sha.update(buffer, offset, n);
      position += n;
      return n;
    }

    String hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
