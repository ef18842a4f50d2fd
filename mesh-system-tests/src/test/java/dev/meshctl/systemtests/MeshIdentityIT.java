package dev.meshctl.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.meshctl.api.IdentityName;
import dev.meshctl.identity.ca.BootstrapTokens;
import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh's identity end to end, every part as its own process: the identity app (the CA, local
 * token mode) and proxy jars that get their certificates from it with bootstrap tokens, carrying
 * HTTP/1.1 and gRPC between them over mTLS; then certificates renewed under load (30-second
 * leaves), the identity app stopped (the proxies keep serving and keep retrying) and started again
 * (they renew).
 */
class MeshIdentityIT {

  private static final String CP_NS = "meshctl-system";
  private static final String TRUST_DOMAIN = "cluster.local";
  private static final String WEB = name("web", "demo");
  private static final String BOOKS = name("books", "demo");
  private static final String AUTHORS = name("authors", "demo");
  private static final Pattern REFRESHES =
      Pattern.compile("(?m)^identity_cert_refresh_total(\\{[^}]*})? ([0-9.]+)$");

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient admin =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private IdentityAppProcess identity;

  private static String name(String sa, String ns) {
    return sa + "." + ns + ".serviceaccount.identity." + CP_NS + "." + TRUST_DOMAIN;
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (identity != null) {
      identity.close();
    }
  }

  @Test
  void
      proxiesCertifiedByTheIdentityApp_carryHttp1AndGrpcOverMtls_renewUnderLoad_andRideOutItsAbsence(
          @TempDir Path dir) throws Exception {
    CaDirectory ca = new CaDirectory(dir.resolve("ca"));
    ca.write(new CaGenerator(Clock.systemUTC()).generate(TRUST_DOMAIN, CP_NS), false);
    int identityPort = SpringAppLaunchIT.freePort();
    startIdentity(ca, identityPort);

    // The applications: an HTTP/1.1 one that echoes the client identity it was given, a gRPC one.
    HttpServer books = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    books.createContext(
        "/",
        exchange -> {
          String client = exchange.getRequestHeaders().getFirst("mesh-client-id");
          byte[] body = ("client=" + client).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    books.start();
    closing.add(() -> books.stop(0));
    Server authors =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(echoService())
            .build()
            .start();
    closing.add(() -> authors.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));

    Proxy booksProxy =
        proxy(dir, ca, identityPort, BOOKS, "127.0.0.1:" + books.getAddress().getPort(), null);
    Proxy authorsProxy =
        proxy(dir, ca, identityPort, AUTHORS, "127.0.0.1:" + authors.getPort(), null);
    Path destinations = dir.resolve("destinations.yaml");
    Files.writeString(
        destinations,
        "destinations:\n"
            + "  - authority: books.demo.svc.cluster.local:80\n"
            + "    identity: "
            + BOOKS
            + "\n    endpoints: [{address: \"127.0.0.1:"
            + booksProxy.inboundPort
            + "\"}]\n"
            + "  - authority: authors.demo.svc.cluster.local:80\n"
            + "    identity: "
            + AUTHORS
            + "\n    endpoints: [{address: \"127.0.0.1:"
            + authorsProxy.inboundPort
            + "\"}]\n");
    Proxy webProxy = proxy(dir, ca, identityPort, WEB, null, destinations);
    for (Proxy p : List.of(booksProxy, authorsProxy, webProxy)) {
      awaitReady(p);
    }

    // HTTP/1.1 and gRPC from web's application, through its proxy, over mTLS to the others.
    HttpClient app = HttpClient.newBuilder().proxy(ProxySelector.of(webProxy.outbound())).build();
    HttpResponse<String> response = send(app, "/books/1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("client=" + WEB);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(webProxy.outbound())
            .usePlaintext()
            .overrideAuthority("authors.demo.svc.cluster.local:80")
            .build();
    closing.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    assertThat(
            ClientCalls.blockingUnaryCall(
                channel,
                ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                "h\u00e9llo"))
        .isEqualTo("h\u00e9llo");
    String webMetrics = metrics(webProxy);
    assertThat(webMetrics)
        .contains("server_id=\"" + BOOKS + "\"")
        .contains("server_id=\"" + AUTHORS + "\"")
        .containsPattern("request_total\\{[^}]*tls=\"true\"");
    assertThat(metrics(booksProxy)).contains("client_id=\"" + WEB + "\"");

    // Under continuous load: a renewal (at 70% of 30 s), the identity app gone, then back.
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread load =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  HttpResponse<String> r = send(app, "/load");
                  if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                  } else {
                    failures.add(r.statusCode() + " " + r.headers().map());
                  }
                  Thread.sleep(20);
                } catch (Exception e) {
                  failures.add(e.toString());
                }
              }
            });
    load.start();
    double before = refreshes(booksProxy);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> refreshes(booksProxy) > before);

    identity.kill();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Files.readString(booksProxy.log()).contains("retrying"));
    assertThat(ready(booksProxy)).as("still ready on its current certificate").isTrue();
    double duringOutage = refreshes(booksProxy);

    startIdentity(ca, identityPort);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> refreshes(booksProxy) > duringOutage);
    running.set(false);
    load.join(30_000);

    assertThat(failures).as("requests that failed during renewals and the outage").isEmpty();
    assertThat(ok.get()).isGreaterThan(100);
    String booksToken = Files.readString(dir.resolve("books.token"));
    assertThat(Files.readString(booksProxy.log()))
        .as("the token is never logged")
        .doesNotContain(booksToken.substring(booksToken.indexOf('.') + 1));
  }

  // ---- processes ----

  private void startIdentity(CaDirectory ca, int port) throws Exception {
    if (identity != null) {
      identity.close();
    }
    identity = IdentityAppProcess.start(ca, port, "--mesh.identity.leaf-lifetime=30s");
  }

  /** A proxy jar with its certificate from the identity app. */
  private record Proxy(
      ProxyProcess process, Path log, int outboundPort, int inboundPort, int adminPort) {
    InetSocketAddress outbound() {
      return new InetSocketAddress("127.0.0.1", outboundPort);
    }
  }

  private Proxy proxy(
      Path dir, CaDirectory ca, int identityPort, String name, String forward, Path destinations)
      throws Exception {
    Path tokenFile = dir.resolve(name.substring(0, name.indexOf('.')) + ".token");
    Files.writeString(tokenFile, token(ca, name));
    int outbound = SpringAppLaunchIT.freePort();
    int inbound = SpringAppLaunchIT.freePort();
    int adminPort = SpringAppLaunchIT.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("MESH_PROXY_OUTBOUND_LISTEN_ADDR", "127.0.0.1:" + outbound);
    env.put("MESH_PROXY_INBOUND_LISTEN_ADDR", "127.0.0.1:" + inbound);
    env.put("MESH_PROXY_ADMIN_LISTEN_ADDR", "127.0.0.1:" + adminPort);
    env.put("MESH_PROXY_IDENTITY_SVC_ADDR", "127.0.0.1:" + identityPort);
    env.put("MESH_PROXY_IDENTITY_TOKEN_FILE", tokenFile.toString());
    env.put("MESH_PROXY_IDENTITY_TRUST_ANCHORS_FILE", ca.trustAnchorsFile().toString());
    env.put("MESH_PROXY_IDENTITY_LOCAL_NAME", name);
    if (forward != null) {
      env.put("MESH_PROXY_INBOUND_FORWARD_ADDR", forward);
    }
    if (destinations != null) {
      env.put("MESH_PROXY_DESTINATIONS_FILE", destinations.toString());
    }
    ProxyProcess process = ProxyProcess.start(env);
    closing.add(process);
    return new Proxy(process, process.log, outbound, inbound, adminPort);
  }

  private static String token(CaDirectory ca, String name) throws Exception {
    return BootstrapTokens.issue(
        ca.readTokenSigningKey(),
        IdentityName.parseDnsName(name),
        Duration.ofHours(1),
        Clock.systemUTC());
  }

  private void awaitReady(Proxy proxy) throws IOException {
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .failFast("the proxy exited", () -> !proxy.process().process.isAlive())
          .until(() -> ready(proxy));
    } catch (Throwable e) {
      throw new AssertionError(
          "proxy not ready; it printed:\n"
              + Files.readString(proxy.log())
              + "\nthe identity app printed:\n"
              + identity.output(),
          e);
    }
  }

  private boolean ready(Proxy proxy) {
    try {
      return ProxyProcess.get(admin, "http://127.0.0.1:" + proxy.adminPort() + "/ready")
              .statusCode()
          == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private String metrics(Proxy proxy) throws Exception {
    return ProxyProcess.get(admin, "http://127.0.0.1:" + proxy.adminPort() + "/metrics").body();
  }

  private double refreshes(Proxy proxy) throws Exception {
    Matcher m = REFRESHES.matcher(metrics(proxy));
    return m.find() ? Double.parseDouble(m.group(2)) : 0;
  }

  private static HttpResponse<String> send(HttpClient app, String path) throws Exception {
    return app.send(
        HttpRequest.newBuilder(URI.create("http://books.demo.svc.cluster.local" + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  // ---- a gRPC service defined by hand: String messages, one unary method ----

  private static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<String, String> ECHO =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("systemtest.Echo/Unary")
          .setRequestMarshaller(UTF8)
          .setResponseMarshaller(UTF8)
          .build();

  private static ServerServiceDefinition echoService() {
    return ServerServiceDefinition.builder("systemtest.Echo")
        .addMethod(
            ECHO,
            ServerCalls.asyncUnaryCall(
                (request, response) -> {
                  response.onNext(request);
                  response.onCompleted();
                }))
        .build();
  }
}
