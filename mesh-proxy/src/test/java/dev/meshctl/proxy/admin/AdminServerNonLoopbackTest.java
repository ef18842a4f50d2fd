package dev.meshctl.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshctl.proxy.config.ProxyConfig.Transport;
import dev.meshctl.proxy.metrics.MetricsExporter;
import dev.meshctl.proxy.transport.Transports;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin server bound on every interface, called from this host's own non-loopback address: the
 * read-only routes answer, the ones that change the proxy refuse.
 */
class AdminServerNonLoopbackTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Logger rootLogger = Logger.getLogger("");
  private final AtomicInteger shutdowns = new AtomicInteger();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private Level rootLevel;
  private InetAddress external;
  private EventLoopGroup group;
  private AdminServer server;

  @BeforeEach
  void start() throws SocketException {
    Optional<InetAddress> address = nonLoopbackAddress();
    assumeTrue(
        address.isPresent(),
        "this machine has no up, non-loopback IPv4 address to call the admin server from");
    external = address.get();
    rootLevel = rootLogger.getLevel();
    Transports transports = Transports.choose(Transport.AUTO);
    group = transports.newEventLoopGroup(1, "admin-test");
    server =
        new AdminServer(
            new InetSocketAddress("0.0.0.0", 0),
            transports,
            group,
            new MetricsExporter(new PrometheusRegistry()),
            () -> true,
            shutdowns::incrementAndGet,
            LogLevels.root());
    server.bind();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      rootLogger.setLevel(rootLevel);
    }
  }

  @Test
  void shutdown_fromANonLoopbackCaller_isRefusedWith403() throws Exception {
    HttpResponse<String> response = send(external, "POST", "/shutdown", "");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("POST /shutdown answers loopback callers only\n");
    assertThat(shutdowns).hasValue(0);
  }

  @Test
  void logLevelChange_fromANonLoopbackCaller_isRefusedWith403() throws Exception {
    rootLogger.setLevel(Level.INFO);

    HttpResponse<String> response = send(external, "PUT", "/proxy-log-level", "trace");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("PUT /proxy-log-level answers loopback callers only\n");
    assertThat(rootLogger.getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void aSocketBoundToTheNonLoopbackAddress_isRefusedToo() throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(external, 0));
      socket.connect(new InetSocketAddress(external, server.boundAddress().getPort()), 5_000);
      socket.setSoTimeout(5_000);
      RawHttp.send(socket, "POST /shutdown HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n");

      assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(403);
    }
    assertThat(shutdowns).hasValue(0);
  }

  @Test
  void readOnlyRoutes_answerNonLoopbackCallers() throws Exception {
    assertThat(send(external, "GET", "/live", "").statusCode()).isEqualTo(200);
    assertThat(send(external, "GET", "/ready", "").statusCode()).isEqualTo(200);
    assertThat(send(external, "GET", "/metrics", "").statusCode()).isEqualTo(200);
    assertThat(send(external, "GET", "/proxy-log-level", "").statusCode()).isEqualTo(200);
  }

  @Test
  void theSameServer_stillAnswersLoopbackCallers() throws Exception {
    HttpResponse<String> response =
        send(InetAddress.getByName("127.0.0.1"), "POST", "/shutdown", "");

    assertThat(response.statusCode()).isEqualTo(202);
  }

  private HttpResponse<String> send(InetAddress host, String method, String path, String body)
      throws Exception {
    URI uri =
        URI.create(
            "http://" + host.getHostAddress() + ":" + server.boundAddress().getPort() + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .method(
                method, body.isEmpty() ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .build();
    return client.send(request, BodyHandlers.ofString());
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(AdminServerNonLoopbackTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address)
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
        .findFirst();
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
