package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.ObserveRequest.Match;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.proxy.discovery.Endpoint;
import dev.meshctl.proxy.identity.TlsCredentials;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.MutableIdentity;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TapClient;
import dev.meshctl.proxy.testing.TestBackend;
import dev.meshctl.proxy.testing.TestCa;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tap server of proxies with an identity: mTLS with the proxy's certificate, and only the
 * control plane's identity may tap. Two proxies carry a request over the mesh's mTLS, so that the
 * events of both sides carry the peers' identities.
 */
class TapMtlsTest {

  private static final String WEB = "web.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String BOOKS =
      "books.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String CONTROLLER =
      "meshctl-controller.meshctl-system.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String OTHER =
      "other.demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String AUTHORITY = "books.test:8080";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestCa ca;
  private TestBackend backend;
  private MutableIdentity booksIdentity;
  private ProxyFixture server;
  private ProxyFixture client;

  @BeforeEach
  void start() throws Exception {
    ca = TestCa.create("cluster.local");
    backend = TestBackend.start("books-app");
    booksIdentity = MutableIdentity.of(credentials(BOOKS, ca.issue(BOOKS, Duration.ofHours(24))));
    MutableIdentity webIdentity =
        MutableIdentity.of(credentials(WEB, ca.issue(WEB, Duration.ofHours(24))));
    server =
        ProxyFixture.start(
            new MutableDestinations(),
            Map.of(
                "MESH_PROXY_INBOUND_FORWARD_ADDR",
                addr(backend.address()),
                "MESH_PROXY_TAP_LISTEN_ADDR",
                "127.0.0.1:0",
                "MESH_PROXY_TAP_SVC_NAME",
                CONTROLLER),
            Optional.of(booksIdentity));
    client =
        ProxyFixture.start(
            new MutableDestinations()
                .putEndpoints(AUTHORITY, new Endpoint(server.inbound(), 1, Optional.of(BOOKS))),
            Map.of(
                "MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:0", "MESH_PROXY_TAP_SVC_NAME", CONTROLLER),
            Optional.of(webIdentity));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    client.close();
    server.close();
    backend.close();
  }

  private TlsCredentials credentials(String name, TestCa.Leaf leaf) {
    return new TlsCredentials(name, leaf.chain(), leaf.key(), ca.anchors());
  }

  private static String addr(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  private TapClient tapClient(ProxyFixture proxy, TestCa.Leaf leaf, String serverIdentity) {
    TapClient tapClient =
        TapClient.mtls(proxy.proxy.tapAddress().orElseThrow(), leaf, ca.anchors(), serverIdentity);
    closing.add(tapClient);
    return tapClient;
  }

  private TapClient.Tap open(ProxyFixture proxy, TapClient tapClient, ObserveRequest request) {
    double before = proxy.sample("tap_streams_open");
    TapClient.Tap tap = tapClient.observe(request);
    closing.add(tap::cancel);
    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == before + 1);
    return tap;
  }

  private int getThroughTheMesh(String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().proxy(ProxySelector.of(client.outbound())).build();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://" + AUTHORITY + path))
                .timeout(TIMEOUT)
                .build(),
            BodyHandlers.ofString())
        .statusCode();
  }

  private static ObserveRequest byIdentity(String identity) {
    return ObserveRequest.newBuilder().setMatch(Match.newBuilder().setIdentity(identity)).build();
  }

  @Test
  void controller_tapsBothSides_andSeesThePeersIdentities() throws Exception {
    TestCa.Leaf controller = ca.issue(CONTROLLER, Duration.ofHours(1));
    TapClient.Tap outbound = open(client, tapClient(client, controller, WEB), byIdentity(BOOKS));
    TapClient.Tap inbound = open(server, tapClient(server, controller, BOOKS), byIdentity(WEB));

    assertThat(getThroughTheMesh("/over-mtls")).isEqualTo(200);

    List<TapEvent> out = outbound.next(3);
    assertThat(out.get(0).getDirection()).isEqualTo(TapEvent.Direction.OUTBOUND);
    assertThat(out.get(0).getRequestInit().getPath()).isEqualTo("/over-mtls");
    assertThat(out.get(0).getSource().getIdentity()).isEqualTo(WEB);
    assertThat(out.get(0).getDestination().getIdentity()).isEqualTo(BOOKS);
    assertThat(out.get(0).getDestination().getAddress()).isEqualTo(addr(server.inbound()));
    assertThat(out.get(1).getResponseInit().getHttpStatus()).isEqualTo(200);
    assertThat(out.get(2).hasResponseEnd()).isTrue();
    List<TapEvent> in = inbound.next(3);
    assertThat(in.get(0).getDirection()).isEqualTo(TapEvent.Direction.INBOUND);
    assertThat(in.get(0).getRequestInit().getPath()).isEqualTo("/over-mtls");
    assertThat(in.get(0).getSource().getIdentity()).isEqualTo(WEB);
    assertThat(in.get(0).getDestination().getIdentity()).isEqualTo(BOOKS);
    assertThat(in.get(0).getDestination().getAddress()).isEqualTo(addr(backend.address()));
    assertThat(in.get(2).hasResponseEnd()).isTrue();
  }

  @Test
  void identityMatch_leavesOutOtherPeers() throws Exception {
    TestCa.Leaf controller = ca.issue(CONTROLLER, Duration.ofHours(1));
    TapClient.Tap tap =
        open(
            server,
            tapClient(server, controller, BOOKS),
            byIdentity(OTHER).toBuilder().setLimit(1).build());
    TapClient.Tap all =
        open(
            server,
            tapClient(server, controller, BOOKS),
            ObserveRequest.newBuilder().setLimit(1).build());

    assertThat(getThroughTheMesh("/from-web")).isEqualTo(200);

    assertThat(all.next(3).get(0).getSource().getIdentity()).isEqualTo(WEB);
    assertThat(all.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(tap.ended()).isFalse();
    assertThat(tap.remaining()).isEmpty();
  }

  @Test
  void anotherMeshIdentity_isDenied_namingTheIdentityPresented() {
    TapClient.Tap tap =
        tapClient(server, ca.issue(OTHER, Duration.ofHours(1)), BOOKS)
            .observe(ObserveRequest.getDefaultInstance());

    Status status = tap.status();
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .isEqualTo(
            "tap is allowed only to " + CONTROLLER + "; the client presented identity " + OTHER);
    assertThat(server.sample("tap_streams_open")).isZero();
  }

  @Test
  void clientWithoutCertificate_isRefusedInTheHandshake() {
    TapClient.Tap tap = tapClient(server, null, BOOKS).observe(ObserveRequest.getDefaultInstance());

    Status status = tap.status();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(server.sample("tap_streams_open")).isZero();
  }

  @Test
  void controllerNameFromAnotherCa_isRefusedInTheHandshake() {
    TapClient.Tap tap =
        tapClient(server, ca.issueFromOtherCa(CONTROLLER, Duration.ofHours(1)), BOOKS)
            .observe(ObserveRequest.getDefaultInstance());

    Status status = tap.status();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(server.sample("tap_streams_open")).isZero();
  }

  @Test
  void afterRotation_newTapConnectionsGetTheNewCertificate() throws Exception {
    TestCa.Leaf controller = ca.issue(CONTROLLER, Duration.ofHours(1));
    TapClient.Tap before =
        open(
            server,
            tapClient(server, controller, BOOKS),
            ObserveRequest.newBuilder().setLimit(1).build());
    assertThat(getThroughTheMesh("/before")).isEqualTo(200);
    before.next(3);
    TestCa.Leaf oldLeaf = ca.issue(BOOKS, Duration.ofHours(24));
    assertThat(before.serverCertificate())
        .isEqualTo(booksIdentity.current().orElseThrow().leaf())
        .isNotEqualTo(oldLeaf.certificate());

    TestCa.Leaf renewed = ca.issue(BOOKS, Duration.ofHours(48));
    booksIdentity.set(credentials(BOOKS, renewed));
    TapClient.Tap after =
        open(
            server,
            tapClient(server, controller, BOOKS),
            ObserveRequest.newBuilder().setLimit(1).build());
    assertThat(getThroughTheMesh("/after")).isEqualTo(200);

    assertThat(after.next(3).get(0).getRequestInit().getPath()).isEqualTo("/after");
    assertThat(after.serverCertificate()).isEqualTo(renewed.certificate());
  }
}
