package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opaque TCP through the inbound listener (forwarded to {@code MESH_PROXY_INBOUND_FORWARD_ADDR}):
 * client-speaks-first binary protocols, server-speaks-first protocols on an opaque port and after
 * the detection timeout, and half-closed connections. The half-close cases run on both transports:
 * on epoll, a connection whose client half-closed while the proxy was not reading from it depends
 * on {@code transport.RearmingEpollIoHandler}. The outbound listener's opaque path needs an
 * original destination, which only an iptables redirect gives: see {@link TransparentModeTest}.
 */
class OpaqueTcpThroughProxyTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String BANNER = "220 mail.test ESMTP ready\r\n";

  private RawTcpServer server;
  private ProxyFixture proxy;

  @AfterEach
  void stop() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void clientFirstBinaryProtocol_echoesAMebibyteRoundTrip_andCountsTcpMetrics() throws Exception {
    server = RawTcpServer.start(RawTcpServer.echo());
    proxy = startInbound(Map.of());
    byte[] request = RawTcpServer.pattern(1024 * 1024); // starts with 0x00: not HTTP, not TLS

    byte[] reply;
    try (Socket client = connect(proxy.inbound())) {
      // Write while reading, so that a proxy without backpressure or one that holds bytes back
      // would deadlock or lose data rather than pass.
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  client.getOutputStream().write(request);
                  client.shutdownOutput();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      reply = client.getInputStream().readAllBytes();
      writer.join();
    }

    assertThat(Arrays.equals(reply, request))
        .as("echo of %d bytes (got %d)", request.length, reply.length)
        .isTrue();
    String dst = tcpLabels("dst", "127.0.0.1:" + server.port());
    String src = tcpLabels("src", "");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(proxy.sample("tcp_open_total" + dst)).isEqualTo(1);
              assertThat(proxy.sample("tcp_open_total" + src)).isEqualTo(1);
              assertThat(proxy.sample("tcp_read_bytes_total" + dst)).isEqualTo(request.length);
              assertThat(proxy.sample("tcp_read_bytes_total" + src)).isEqualTo(request.length);
              assertThat(proxy.sample("tcp_close_total" + dst)).isEqualTo(1);
            });
  }

  @Test
  void serverFirstProtocol_onAnOpaquePort_getsItsBannerWithoutWaitingForDetection()
      throws Exception {
    server = RawTcpServer.start(RawTcpServer.banner(BANNER));
    int port = freePort();
    proxy =
        startInbound(
            Map.of(
                "MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + port,
                "MESH_PROXY_OPAQUE_PORTS", "1," + port + ",65535",
                // Long enough that a banner held back by detection would time the client out.
                "MESH_PROXY_DETECT_PROTOCOL_TIMEOUT", "60s"));

    try (Socket client = connect(proxy.inbound())) {
      BufferedReader in = reader(client);
      assertThat(in.readLine() + "\r\n").isEqualTo(BANNER);
      smtpDialogue(client, in);
    }
  }

  @Test
  void serverFirstProtocol_onAnotherPort_getsItsBannerOnceTheDetectionTimeoutPasses()
      throws Exception {
    server = RawTcpServer.start(RawTcpServer.banner(BANNER));
    proxy =
        startInbound(
            Map.of("MESH_PROXY_OPAQUE_PORTS", "", "MESH_PROXY_DETECT_PROTOCOL_TIMEOUT", "300ms"));

    try (Socket client = connect(proxy.inbound())) {
      long start = System.nanoTime();
      BufferedReader in = reader(client);
      assertThat(in.readLine() + "\r\n").isEqualTo(BANNER);
      // The proxy connects to the server only once the silent client has been declared opaque.
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(250));
      smtpDialogue(client, in);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void halfClose_serverReadsToEof_andItsReplyArrivesInFull(String transport) throws Exception {
    server = RawTcpServer.start(RawTcpServer.readToEofThenReply(64 * 1024));
    proxy = startInbound(Map.of("MESH_PROXY_TRANSPORT", transport));
    byte[] request = RawTcpServer.pattern(100_000);

    byte[] reply = halfCloseExchange(request, 0);

    assertThat(new String(reply, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("00100000");
    assertThat(Arrays.copyOfRange(reply, 8, reply.length))
        .isEqualTo(RawTcpServer.pattern(64 * 1024));
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void halfClose_withAReplyLargerThanTheBuffers_toASlowReader_arrivesInFull(String transport)
      throws Exception {
    int replySize = 8 * 1024 * 1024;
    server = RawTcpServer.start(RawTcpServer.readToEofThenReply(replySize));
    proxy = startInbound(Map.of("MESH_PROXY_TRANSPORT", transport));

    // A small receive buffer keeps the proxy's write queue to the client full when the server's
    // end of stream arrives: closing then must not drop what is still queued.
    byte[] reply = halfCloseExchange(new byte[] {0x7f, 0x00, 0x01}, 4096);

    assertThat(reply.length).isEqualTo(8 + replySize);
    assertThat(new String(reply, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("00000003");
    assertThat(
            Arrays.equals(
                Arrays.copyOfRange(reply, 8, reply.length), RawTcpServer.pattern(replySize)))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoll", "nio"})
  void halfClose_afterAPrefixOfAnHttpMethod_isDecidedOpaque_andRelayed(String transport)
      throws Exception {
    server = RawTcpServer.start(RawTcpServer.readToEofThenReply(10));
    proxy = startInbound(Map.of("MESH_PROXY_TRANSPORT", transport));

    // "GE" could still become "GET ": only the end of the client's output decides it.
    byte[] reply = halfCloseExchange("GE".getBytes(StandardCharsets.US_ASCII), 0);

    assertThat(new String(reply, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("00000002");
    assertThat(reply).hasSize(18);
  }

  @Test
  void outboundListener_closesAnOpaqueConnectionThatWasNotRedirected() throws Exception {
    server = RawTcpServer.start(RawTcpServer.echo());
    proxy = ProxyFixture.start(new MutableDestinations(), Map.of());

    try (Socket client = connect(proxy.outbound())) {
      client.getOutputStream().write(new byte[] {0, 1, 2, 3});
      assertThat(client.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(server.accepted()).isZero();
  }

  private ProxyFixture startInbound(Map<String, String> env) throws InterruptedException {
    Map<String, String> all = new HashMap<>(env);
    all.put("MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:" + server.port());
    return ProxyFixture.start(new MutableDestinations(), all);
  }

  /** Sends the request, ends the client's output, and reads the reply up to the server's close. */
  private byte[] halfCloseExchange(byte[] request, int receiveBuffer) throws IOException {
    try (Socket client = new Socket()) {
      if (receiveBuffer > 0) {
        client.setReceiveBufferSize(receiveBuffer);
      }
      client.setSoTimeout((int) TIMEOUT.toMillis());
      client.connect(proxy.inbound(), (int) TIMEOUT.toMillis());
      OutputStream out = client.getOutputStream();
      out.write(request);
      out.flush();
      client.shutdownOutput();
      return client.getInputStream().readAllBytes();
    }
  }

  private static void smtpDialogue(Socket client, BufferedReader in) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(in.readLine()).isEqualTo("250 EHLO client.test");
    out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(in.readLine()).isEqualTo("221 bye");
    assertThat(in.read()).as("end of stream after QUIT").isEqualTo(-1);
  }

  private static String tcpLabels(String peer, String targetAddr) {
    return "{direction=\"inbound\",peer=\""
        + peer
        + "\",target_addr=\""
        + targetAddr
        + "\",tls=\"no_identity\"}";
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.setSoTimeout((int) TIMEOUT.toMillis());
    socket.connect(address, (int) TIMEOUT.toMillis());
    return socket;
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
