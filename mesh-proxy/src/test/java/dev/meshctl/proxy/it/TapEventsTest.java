package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.ObserveRequest.Match;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TapClient;
import dev.meshctl.proxy.testing.TestBackend;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real tap client on a proxy without identity (plaintext tap, loopback callers) sees the
 * HTTP/1.1, HTTP/2 and gRPC requests of both listeners as request_init, response_init and
 * response_end events with the right fields; matches choose which requests a tap sees; a limit ends
 * the stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TapEventsTest {

  private static final String WEB = "web.test:8080";
  private static final String GRPC = "grpc.test:8080";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final List<TapClient.Tap> taps = new ArrayList<>();
  private TestBackend backend;
  private Server grpcServer;
  private ProxyFixture proxy;
  private ProxyFixture grpcInboundProxy;
  private TapClient tapClient;
  private TapClient grpcInboundTapClient;
  private HttpClient viaOutbound;
  private HttpClient direct;

  @BeforeAll
  void start() throws Exception {
    backend = TestBackend.start("web");
    grpcServer =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(GrpcTestService.definition())
            .build()
            .start();
    InetSocketAddress grpcAddress = new InetSocketAddress("127.0.0.1", grpcServer.getPort());
    proxy =
        ProxyFixture.start(
            new MutableDestinations().put(WEB, backend.address()).put(GRPC, grpcAddress),
            Map.of(
                "MESH_PROXY_INBOUND_FORWARD_ADDR",
                addr(backend.address()),
                "MESH_PROXY_TAP_LISTEN_ADDR",
                "127.0.0.1:0"));
    grpcInboundProxy =
        ProxyFixture.start(
            new MutableDestinations(),
            Map.of(
                "MESH_PROXY_INBOUND_FORWARD_ADDR",
                addr(grpcAddress),
                "MESH_PROXY_TAP_LISTEN_ADDR",
                "127.0.0.1:0"));
    tapClient = TapClient.plaintext(proxy.proxy.tapAddress().orElseThrow());
    grpcInboundTapClient = TapClient.plaintext(grpcInboundProxy.proxy.tapAddress().orElseThrow());
    viaOutbound =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(ProxySelector.of(proxy.outbound()))
            .build();
    direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void cancelTaps() {
    taps.forEach(TapClient.Tap::cancel);
    taps.clear();
    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == 0);
    await().atMost(TIMEOUT).until(() -> grpcInboundProxy.sample("tap_streams_open") == 0);
  }

  @AfterAll
  void stop() throws Exception {
    tapClient.close();
    grpcInboundTapClient.close();
    proxy.close();
    grpcInboundProxy.close();
    grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    backend.close();
  }

  private static String addr(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  /** Opens a tap and waits until the proxy has it, so that no request is sent before. */
  private TapClient.Tap open(ProxyFixture on, TapClient client, ObserveRequest request) {
    double before = on.sample("tap_streams_open");
    TapClient.Tap tap = client.observe(request);
    taps.add(tap);
    await().atMost(TIMEOUT).until(() -> on.sample("tap_streams_open") == before + 1);
    return tap;
  }

  private TapClient.Tap open(ObserveRequest request) {
    return open(proxy, tapClient, request);
  }

  private HttpResponse<String> get(HttpClient client, String uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build(),
        BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return viaOutbound.send(
        HttpRequest.newBuilder(URI.create("http://" + WEB + path))
            .timeout(TIMEOUT)
            .method(method, BodyPublishers.noBody())
            .build(),
        BodyHandlers.ofString());
  }

  private static ObserveRequest.Builder observe() {
    return ObserveRequest.newBuilder();
  }

  /** Asserts the three events of one request, in order, and returns them. */
  private static List<TapEvent> assertOneRequest(List<TapEvent> events) {
    assertThat(events).hasSize(3);
    assertThat(events.get(0).hasRequestInit()).as("first event: %s", events.get(0)).isTrue();
    assertThat(events.get(1).hasResponseInit()).as("second event: %s", events.get(1)).isTrue();
    assertThat(events.get(2).hasResponseEnd()).as("third event: %s", events.get(2)).isTrue();
    long streamId = events.get(0).getStreamId();
    assertThat(streamId).isPositive();
    assertThat(events).allSatisfy(e -> assertThat(e.getStreamId()).isEqualTo(streamId));
    TapEvent.ResponseInit init = events.get(1).getResponseInit();
    TapEvent.ResponseEnd end = events.get(2).getResponseEnd();
    assertThat(toNanos(end.getSinceRequestInit()))
        .isGreaterThanOrEqualTo(toNanos(init.getSinceRequestInit()));
    assertThat(end.hasSinceResponseInit()).isTrue();
    return events;
  }

  private static long toNanos(com.google.protobuf.Duration d) {
    return d.getSeconds() * 1_000_000_000L + d.getNanos();
  }

  @Test
  void http1Outbound_givesRequestResponseAndEnd() throws Exception {
    TapClient.Tap tap = open(observe().build());

    HttpResponse<String> response = get(viaOutbound, "http://" + WEB + "/bytes?n=100000&x=1");

    assertThat(response.statusCode()).isEqualTo(200);
    List<TapEvent> events = assertOneRequest(tap.next(3));
    TapEvent first = events.get(0);
    assertThat(first.getDirection()).isEqualTo(TapEvent.Direction.OUTBOUND);
    TapEvent.RequestInit init = first.getRequestInit();
    assertThat(init.getMethod()).isEqualTo("GET");
    assertThat(init.getScheme()).isEqualTo("http");
    assertThat(init.getAuthority()).isEqualTo(WEB);
    assertThat(init.getPath()).isEqualTo("/bytes?n=100000&x=1");
    assertThat(init.hasAt()).isTrue();
    assertThat(first.getSource().getAddress()).startsWith("127.0.0.1:");
    assertThat(first.getSource().getIdentity()).isEmpty();
    assertThat(first.getDestination().getAddress()).isEqualTo(addr(backend.address()));
    assertThat(first.getDestination().getIdentity()).isEmpty();
    assertThat(events.get(1).getResponseInit().getHttpStatus()).isEqualTo(200);
    TapEvent.ResponseEnd end = events.get(2).getResponseEnd();
    assertThat(end.getResponseBytes()).isEqualTo(100_000);
    assertThat(end.getEndCase()).isEqualTo(TapEvent.ResponseEnd.EndCase.END_NOT_SET);
  }

  @Test
  void http1Inbound_isTappedAsInbound() throws Exception {
    TapClient.Tap tap = open(observe().build());

    String uri = "http://" + addr(proxy.inbound()) + "/in?q=2";
    HttpResponse<String> response = get(direct, uri);

    assertThat(response.statusCode()).isEqualTo(200);
    List<TapEvent> events = assertOneRequest(tap.next(3));
    TapEvent first = events.get(0);
    assertThat(first.getDirection()).isEqualTo(TapEvent.Direction.INBOUND);
    assertThat(first.getRequestInit().getAuthority()).isEqualTo(addr(proxy.inbound()));
    assertThat(first.getRequestInit().getPath()).isEqualTo("/in?q=2");
    assertThat(first.getDestination().getAddress()).isEqualTo(addr(backend.address()));
    assertThat(events.get(1).getResponseInit().getHttpStatus()).isEqualTo(200);
    assertThat(events.get(2).getResponseEnd().getResponseBytes())
        .isEqualTo(response.body().length());
  }

  @Test
  void http2_outboundAndInbound_areTapped() throws Exception {
    TapClient.Tap tap = open(observe().build());

    Curl.Result out =
        Curl.run(
            "--http2-prior-knowledge",
            "--connect-to",
            WEB + ":" + addr(proxy.outbound()),
            "http://" + WEB + "/h2-out");
    Curl.Result in =
        Curl.run(
            "--http2-prior-knowledge", "-X", "PUT", "http://" + addr(proxy.inbound()) + "/h2-in");

    assertThat(out.status()).as(out.stderr()).isEqualTo(200);
    assertThat(in.status()).as(in.stderr()).isEqualTo(200);
    List<TapEvent> outEvents = assertOneRequest(tap.next(3));
    List<TapEvent> inEvents = assertOneRequest(tap.next(3));
    assertThat(outEvents.get(0).getDirection()).isEqualTo(TapEvent.Direction.OUTBOUND);
    assertThat(outEvents.get(0).getRequestInit().getPath()).isEqualTo("/h2-out");
    assertThat(outEvents.get(0).getRequestInit().getAuthority()).isEqualTo(WEB);
    assertThat(outEvents.get(0).getRequestInit().getScheme()).isEqualTo("http");
    assertThat(outEvents.get(2).getResponseEnd().getResponseBytes()).isEqualTo(out.bodyBytes());
    assertThat(inEvents.get(0).getDirection()).isEqualTo(TapEvent.Direction.INBOUND);
    assertThat(inEvents.get(0).getRequestInit().getMethod()).isEqualTo("PUT");
    assertThat(inEvents.get(0).getRequestInit().getPath()).isEqualTo("/h2-in");
    assertThat(inEvents.get(0).getStreamId()).isNotEqualTo(outEvents.get(0).getStreamId());
  }

  @Test
  void grpc_outbound_endsWithTheGrpcStatus() throws Exception {
    TapClient.Tap tap = open(observe().build());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(proxy.outbound())
            .overrideAuthority(GRPC)
            .usePlaintext()
            .build();
    try {
      assertThat(
              ClientCalls.blockingUnaryCall(
                  channel, GrpcTestService.UNARY, CallOptions.DEFAULT, "hello"))
          .isEqualTo("hello");
      StatusRuntimeException failure =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel, GrpcTestService.FAIL, CallOptions.DEFAULT, "x"));
      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    List<TapEvent> ok = assertOneRequest(tap.next(3));
    assertThat(ok.get(0).getRequestInit().getMethod()).isEqualTo("POST");
    assertThat(ok.get(0).getRequestInit().getPath()).isEqualTo("/meshtest.Echo/Unary");
    assertThat(ok.get(0).getRequestInit().getAuthority()).isEqualTo(GRPC);
    assertThat(ok.get(1).getResponseInit().getHttpStatus()).isEqualTo(200);
    assertThat(ok.get(2).getResponseEnd().getEndCase())
        .isEqualTo(TapEvent.ResponseEnd.EndCase.GRPC_STATUS);
    assertThat(ok.get(2).getResponseEnd().getGrpcStatus()).isZero();
    assertThat(ok.get(2).getResponseEnd().getResponseBytes()).isPositive();
    List<TapEvent> failed = assertOneRequest(tap.next(3));
    assertThat(failed.get(0).getRequestInit().getPath()).isEqualTo("/meshtest.Echo/Fail");
    assertThat(failed.get(2).getResponseEnd().getGrpcStatus())
        .isEqualTo(Status.Code.NOT_FOUND.value());
  }

  @Test
  void grpc_inbound_isTapped() throws Exception {
    TapClient.Tap tap = open(grpcInboundProxy, grpcInboundTapClient, observe().build());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(grpcInboundProxy.inbound()).usePlaintext().build();
    try {
      ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, CallOptions.DEFAULT, "in");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    List<TapEvent> events = assertOneRequest(tap.next(3));
    assertThat(events.get(0).getDirection()).isEqualTo(TapEvent.Direction.INBOUND);
    assertThat(events.get(0).getRequestInit().getPath()).isEqualTo("/meshtest.Echo/Unary");
    assertThat(events.get(2).getResponseEnd().getGrpcStatus()).isZero();
  }

  @Test
  void proxyMadeError_isTapped_withoutADestination() throws Exception {
    TapClient.Tap tap = open(observe().build());

    HttpResponse<String> response = get(viaOutbound, "http://nowhere.test:8080/lost");

    assertThat(response.statusCode()).isEqualTo(502);
    List<TapEvent> events = assertOneRequest(tap.next(3));
    assertThat(events.get(0).getRequestInit().getAuthority()).isEqualTo("nowhere.test:8080");
    assertThat(events.get(0).getDestination().getAddress()).isEmpty();
    assertThat(events.get(1).getResponseInit().getHttpStatus()).isEqualTo(502);
    assertThat(events.get(2).getResponseEnd().getResponseBytes())
        .isEqualTo(response.body().length());
  }

  @Test
  void endpointCuttingTheResponse_endsWithAResetReason() throws Exception {
    TapClient.Tap tap = open(observe().build());

    try {
      get(viaOutbound, "http://" + WEB + "/cut");
    } catch (java.io.IOException expected) {
      // the response is cut short: the client sees its connection close
    }

    List<TapEvent> events = assertOneRequest(tap.next(3));
    TapEvent.ResponseEnd end = events.get(2).getResponseEnd();
    assertThat(end.getEndCase()).isEqualTo(TapEvent.ResponseEnd.EndCase.RESET_REASON);
    assertThat(end.getResetReason()).contains("closed the connection mid-response");
    assertThat(end.getResponseBytes()).isEqualTo(10);
  }

  @Test
  void methodAndPathPrefix_underAll_chooseTheRequests() throws Exception {
    Match match =
        Match.newBuilder()
            .setAll(
                Match.Seq.newBuilder()
                    .addMatches(Match.newBuilder().setMethod("post"))
                    .addMatches(Match.newBuilder().setPathPrefix("/api/")))
            .build();
    TapClient.Tap tap = open(observe().setMatch(match).setLimit(1).build());

    send("GET", "/api/get");
    send("POST", "/other");
    send("POST", "/api/wanted");

    List<TapEvent> events = assertOneRequest(tap.next(3));
    assertThat(events.get(0).getRequestInit().getPath()).isEqualTo("/api/wanted");
    assertThat(tap.status().getCode()).isEqualTo(Status.Code.OK);
    assertThat(tap.remaining()).isEmpty();
  }

  @Test
  void anyOfAuthorities_andNot_chooseTheRequests() throws Exception {
    Match match =
        Match.newBuilder()
            .setAll(
                Match.Seq.newBuilder()
                    .addMatches(
                        Match.newBuilder()
                            .setAny(
                                Match.Seq.newBuilder()
                                    .addMatches(Match.newBuilder().setAuthority("other.test:80"))
                                    .addMatches(Match.newBuilder().setAuthority("WEB.test:8080"))))
                    .addMatches(
                        Match.newBuilder().setNot(Match.newBuilder().setPathPrefix("/skip"))))
            .build();
    TapClient.Tap tap = open(observe().setMatch(match).setLimit(1).build());

    get(viaOutbound, "http://nowhere.test:8080/wrong-authority");
    send("GET", "/skip/this");
    send("GET", "/wanted");

    List<TapEvent> events = assertOneRequest(tap.next(3));
    assertThat(events.get(0).getRequestInit().getPath()).isEqualTo("/wanted");
    assertThat(tap.status().getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void limit_endsTheStreamAfterThatManyRequests() throws Exception {
    TapClient.Tap tap = open(observe().setLimit(2).build());

    for (int i = 0; i < 4; i++) {
      assertThat(send("GET", "/n" + i).statusCode()).isEqualTo(200);
    }

    assertThat(tap.status().getCode()).isEqualTo(Status.Code.OK);
    List<TapEvent> events = tap.next(6);
    assertOneRequest(events.subList(0, 3));
    assertOneRequest(events.subList(3, 6));
    assertThat(events.get(0).getRequestInit().getPath()).isEqualTo("/n0");
    assertThat(events.get(3).getRequestInit().getPath()).isEqualTo("/n1");
    assertThat(tap.remaining()).isEmpty();
    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == 0);
  }

  @Test
  void matchWithNothingSet_insideAll_isRefusedAsInvalid() {
    Match match =
        Match.newBuilder().setAll(Match.Seq.newBuilder().addMatches(Match.newBuilder())).build();

    TapClient.Tap tap = tapClient.observe(observe().setMatch(match).build());

    Status status = tap.status();
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .isEqualTo(
            "invalid tap request: match.all[0] has nothing set: give one of all, any, not,"
                + " authority, path_prefix, method or identity");
  }

  @Test
  void cancelledTap_isClosedAtOnce_andRequestsGoOn() throws Exception {
    TapClient.Tap tap = open(observe().build());

    tap.cancel();

    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == 0);
    assertThat(send("GET", "/after-cancel").statusCode()).isEqualTo(200);
  }
}
