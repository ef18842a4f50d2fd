package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.discovery.Endpoint;
import dev.meshctl.proxy.http.MeshHeaders;
import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.identity.TlsCredentials;
import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.MutableIdentity;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TcpRecorder;
import dev.meshctl.proxy.testing.TestBackend;
import dev.meshctl.proxy.testing.TestBackend.RecordedRequest;
import dev.meshctl.proxy.testing.TestCa;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two proxies with certificates from the mesh's CA carry traffic between them over mTLS: a client
 * application's outbound proxy and a server application's inbound proxy, with a recorder on the
 * wire between them. Each side proves its identity; a server that is not who the destination says
 * is refused before any request byte reaches it.
 */
class MeshTlsTest {

  private static final String WEB = "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String BOOKS =
      "books.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String OTHER =
      "other.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String AUTHORITY = "books.test:8080";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestCa ca;
  private TestBackend backend;
  private MutableIdentity webIdentity;
  private MutableIdentity booksIdentity;
  private ProxyFixture server;
  private TcpRecorder wire;
  private MutableDestinations clientDestinations;
  private ProxyFixture client;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    ca = TestCa.create("cluster.local");
    backend = TestBackend.start("books-app");
    webIdentity = MutableIdentity.of(credentials(WEB, ca.issue(WEB, Duration.ofHours(24))));
    booksIdentity = MutableIdentity.of(credentials(BOOKS, ca.issue(BOOKS, Duration.ofHours(24))));
  }

  private void startProxies(String expectedServerIdentity) throws Exception {
    server =
        ProxyFixture.start(
            new MutableDestinations(),
            Map.of("MESH_PROXY_INBOUND_FORWARD_ADDR", addr(backend.address())),
            Optional.of(booksIdentity));
    wire = TcpRecorder.start(server.inbound());
    clientDestinations =
        new MutableDestinations()
            .putEndpoints(
                AUTHORITY, new Endpoint(wire.address(), 1, Optional.of(expectedServerIdentity)));
    client = ProxyFixture.start(clientDestinations, Map.of(), Optional.of(webIdentity));
    http = HttpClient.newBuilder().proxy(ProxySelector.of(client.outbound())).build();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (client != null) {
      client.close();
    }
    if (wire != null) {
      wire.close();
    }
    if (server != null) {
      server.close();
    }
    backend.close();
  }

  private TlsCredentials credentials(String name, TestCa.Leaf leaf) {
    return new TlsCredentials(name, leaf.chain(), leaf.key(), ca.anchors());
  }

  private static String addr(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + AUTHORITY + path))
            .timeout(Duration.ofSeconds(10))
            .header(MeshHeaders.CLIENT_ID, "forged.by.the.client")
            .GET()
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void http1_crossesAsTls13_andArrivesAsHttp1_withTheProvenClientIdentity() throws Exception {
    startProxies(BOOKS);

    HttpResponse<String> response = get("/secret-path-in-the-clear?x=1");

    assertThat(response.statusCode()).isEqualTo(200);
    RecordedRequest received = backend.requests().get(0);
    assertThat(received.protocol()).isEqualTo("HTTP/1.1");
    assertThat(received.headers().get(MeshHeaders.CLIENT_ID)).isEqualTo(WEB);
    assertThat(received.headers().contains(MeshHeaders.ORIG_PROTO)).isFalse();

    byte[] sent = wire.sent();
    byte[] back = wire.received();
    assertThat(sent[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
    assertThat(sent[1]).isEqualTo((byte) 0x03);
    // ServerHello's supported_versions extension (43) selecting TLS 1.3 (0x0304): RFC 8446 4.2.1.
    assertThat(indexOf(back, new byte[] {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04})).isNotNegative();
    String wireText = new String(sent, StandardCharsets.ISO_8859_1);
    assertThat(wireText).doesNotContain("secret-path-in-the-clear").doesNotContain("books.test");

    assertThat(
            client.sample(
                "request_total{authority=\""
                    + AUTHORITY
                    + "\",direction=\"outbound\",server_id=\""
                    + BOOKS
                    + "\",target_addr=\""
                    + addr(wire.address())
                    + "\",tls=\"true\"}"))
        .isEqualTo(1.0);
    assertThat(server.scrape())
        .containsPattern(
            "request_total\\{authority=\"books.test:8080\",client_id=\""
                + WEB.replace(".", "\\.")
                + "\",direction=\"inbound\",target_addr=\"[^\"]+\",tls=\"true\"} 1\\.0");
  }

  @Test
  void http2_crossesAsHttp2() {
    startQuietly(BOOKS);

    Curl.Result result =
        Curl.run(
            "--http2-prior-knowledge",
            "--connect-to",
            AUTHORITY + ":" + addr(client.outbound()),
            "http://" + AUTHORITY + "/h2");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.status()).isEqualTo(200);
    RecordedRequest received = backend.requests().get(0);
    assertThat(received.protocol()).isEqualTo("HTTP/2");
    assertThat(received.headers().get(MeshHeaders.CLIENT_ID)).isEqualTo(WEB);
  }

  @Test
  void grpc_crossesIntact() throws Exception {
    Server grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(GrpcTestService.definition())
            .build()
            .start();
    closing.add(() -> grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    ProxyFixture grpcServer =
        ProxyFixture.start(
            new MutableDestinations(),
            Map.of("MESH_PROXY_INBOUND_FORWARD_ADDR", "127.0.0.1:" + grpc.getPort()),
            Optional.of(booksIdentity));
    closing.add(grpcServer);
    ProxyFixture grpcClient =
        ProxyFixture.start(
            new MutableDestinations()
                .putEndpoints(AUTHORITY, new Endpoint(grpcServer.inbound(), 1, Optional.of(BOOKS))),
            Map.of(),
            Optional.of(webIdentity));
    closing.add(grpcClient);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(grpcClient.outbound())
            .usePlaintext()
            .overrideAuthority(AUTHORITY)
            .build();
    closing.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));

    String reply =
        ClientCalls.blockingUnaryCall(
            channel,
            GrpcTestService.UNARY,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            "over mTLS \u2603");

    assertThat(reply).isEqualTo("over mTLS \u2603");
    assertThat(grpcClient.scrape()).contains("server_id=\"" + BOOKS + "\"");
    assertThat(grpcServer.scrape()).contains("client_id=\"" + WEB + "\"");
  }

  @Test
  void serverWithAnotherIdentity_isRefused_beforeAnyRequestByteIsSent() throws Exception {
    startProxies(OTHER);

    HttpResponse<String> response = get("/must-not-arrive");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("presented identity " + BOOKS)
        .contains("expected " + OTHER);
    assertThat(backend.requestsStarted()).isZero();
    assertThat(new String(wire.sent(), StandardCharsets.ISO_8859_1))
        .doesNotContain("must-not-arrive");
    assertThat(
            client.sample(
                "tls_handshake_failure_total{direction=\"outbound\",peer=\"dst\","
                    + "reason=\"identity_mismatch\"}"))
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void serverWithACertificateFromAnotherCa_isRefused() throws Exception {
    booksIdentity =
        MutableIdentity.of(credentials(BOOKS, ca.issueFromOtherCa(BOOKS, Duration.ofHours(1))));
    startProxies(BOOKS);

    HttpResponse<String> response = get("/x");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("not trusted");
    assertThat(backend.requestsStarted()).isZero();
    assertThat(
            client.sample(
                "tls_handshake_failure_total{direction=\"outbound\",peer=\"dst\","
                    + "reason=\"untrusted\"}"))
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void serverWithAnExpiredCertificate_isRefused() throws Exception {
    booksIdentity = MutableIdentity.of(credentials(BOOKS, ca.issueExpired(BOOKS)));
    startProxies(BOOKS);

    HttpResponse<String> response = get("/x");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("not trusted");
    assertThat(backend.requestsStarted()).isZero();
  }

  @Test
  void clientWithoutAMeshCertificate_isRefusedByTheInboundProxy() throws Exception {
    startProxies(BOOKS);
    SSLContext noCertificate = SSLContext.getInstance("TLSv1.3");
    noCertificate.init(null, trustAnchors().getTrustManagers(), null);

    try (SSLSocket socket =
        (SSLSocket)
            noCertificate
                .getSocketFactory()
                .createSocket(server.inbound().getAddress(), server.inbound().getPort())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(BOOKS)));
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(5_000);
      assertThatThrownBy(
              () -> {
                socket.startHandshake();
                socket
                    .getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                InputStream in = socket.getInputStream();
                if (in.read() == -1) {
                  throw new java.io.EOFException("closed");
                }
              })
          .isInstanceOf(java.io.IOException.class);
    }

    assertThat(backend.requestsStarted()).isZero();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(server.scrape())
                    .containsPattern(
                        "tls_handshake_failure_total\\{direction=\"inbound\",peer=\"src\","
                            + "reason=\"[a-z_]+\"} [1-9]"));
  }

  @Test
  void plaintextClients_areStillServed_withoutAClientIdentity() throws Exception {
    startProxies(BOOKS);
    HttpClient direct = HttpClient.newHttpClient();

    HttpResponse<String> response =
        direct.send(
            HttpRequest.newBuilder(URI.create("http://" + addr(server.inbound()) + "/plain"))
                .header(MeshHeaders.CLIENT_ID, WEB)
                .GET()
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(backend.requests().get(0).headers().contains(MeshHeaders.CLIENT_ID))
        .as("a forged client identity is removed")
        .isFalse();
    assertThat(server.scrape()).containsPattern("request_total\\{[^}]*tls=\"no_identity\"} 1\\.0");
  }

  @Test
  void portRequiringIdentity_refusesPlaintext_andServesTheMesh(@TempDir Path dir) throws Exception {
    int appPort = backend.address().getPort();
    // The setting needs an identity in the configuration; the files are the same certificate.
    TestCa.LeafFiles files = ca.issue(BOOKS, Duration.ofHours(1)).writeTo(dir);
    server =
        ProxyFixture.start(
            new MutableDestinations(),
            Map.of(
                "MESH_PROXY_INBOUND_FORWARD_ADDR", addr(backend.address()),
                "MESH_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY", Integer.toString(appPort),
                "MESH_PROXY_IDENTITY_LOCAL_NAME", BOOKS,
                "MESH_PROXY_IDENTITY_CERT_FILE", files.certificate().toString(),
                "MESH_PROXY_IDENTITY_KEY_FILE", files.key().toString(),
                "MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE",
                    ca.writeAnchors(dir.resolve("anchors.pem")).toString()),
            Optional.of(booksIdentity));
    client =
        ProxyFixture.start(
            new MutableDestinations()
                .putEndpoints(AUTHORITY, new Endpoint(server.inbound(), 1, Optional.of(BOOKS))),
            Map.of(),
            Optional.of(webIdentity));
    http = HttpClient.newBuilder().proxy(ProxySelector.of(client.outbound())).build();

    HttpResponse<String> plaintext =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + addr(server.inbound()) + "/plain"))
                    .GET()
                    .build(),
                BodyHandlers.ofString());
    HttpResponse<String> meshed = get("/meshed");

    assertThat(plaintext.statusCode()).isEqualTo(403);
    assertThat(plaintext.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("accepts only mTLS")
        .contains(Integer.toString(appPort));
    assertThat(meshed.statusCode()).isEqualTo(200);
    assertThat(backend.requests()).extracting(RecordedRequest::uri).containsExactly("/meshed");
  }

  @Test
  void certificatesRotatedUnderLoad_loseNoRequest_andNewConnectionsSeeTheNewCertificate()
      throws Exception {
    startProxies(BOOKS);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService load = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(
          load.submit(
              () -> {
                while (running.get()) {
                  try {
                    int status = get("/load").statusCode();
                    if (status == 200) {
                      ok.incrementAndGet();
                    } else {
                      failures.add("status " + status);
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
                return null;
              }));
    }
    X509Certificate lastBooks = null;
    for (int round = 0; round < 6; round++) {
      Thread.sleep(400);
      TestCa.Leaf books = ca.issue(BOOKS, Duration.ofSeconds(3));
      lastBooks = books.certificate();
      booksIdentity.set(credentials(BOOKS, books));
      webIdentity.set(credentials(WEB, ca.issue(WEB, Duration.ofSeconds(3))));
    }
    Thread.sleep(400);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(30, TimeUnit.SECONDS);
    }
    load.shutdown();

    assertThat(failures).isEmpty();
    assertThat(ok.get()).isGreaterThan(50);
    assertThat(servedCertificate(ca.issue(WEB, Duration.ofMinutes(5))))
        .as("a new connection gets the newest certificate")
        .isEqualTo(lastBooks);
  }

  /** The certificate the server proxy presents to a new mTLS connection from {@code leaf}. */
  private X509Certificate servedCertificate(TestCa.Leaf leaf) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("leaf", leaf.key(), new char[0], leaf.chain().toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(kmf.getKeyManagers(), trustAnchors().getTrustManagers(), null);
    try (SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(server.inbound().getAddress(), server.inbound().getPort())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(BOOKS)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private TrustManagerFactory trustAnchors() throws Exception {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("anchor", ca.anchor());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(anchors);
    return tmf;
  }

  private void startQuietly(String expected) {
    try {
      startProxies(expected);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
