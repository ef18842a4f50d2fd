package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real gRPC (grpc-java client and server, HTTP/2 prior knowledge) through both listeners of an
 * in-process proxy: the outbound one routing by the call's authority, the inbound one forwarding to
 * {@code MESH_PROXY_INBOUND_FORWARD_ADDR}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcThroughProxyTest {

  private static final String AUTHORITY = "svc.test:8080";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  enum Listener {
    OUTBOUND,
    INBOUND
  }

  private Server server;
  private ProxyFixture proxy;
  private ManagedChannel outbound;
  private ManagedChannel inbound;
  private String targetAddr;

  @BeforeAll
  void start() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(GrpcTestService.definition())
            .build()
            .start();
    InetSocketAddress backend = new InetSocketAddress("127.0.0.1", server.getPort());
    targetAddr = "127.0.0.1:" + server.getPort();
    proxy =
        ProxyFixture.start(
            new MutableDestinations().put(AUTHORITY, backend),
            Map.of("MESH_PROXY_INBOUND_FORWARD_ADDR", targetAddr));
    outbound = channel(proxy.outbound(), AUTHORITY);
    inbound = channel(proxy.inbound(), AUTHORITY);
  }

  @AfterAll
  void stop() throws InterruptedException {
    for (ManagedChannel channel : new ManagedChannel[] {outbound, inbound}) {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void unaryCall_arrivesIntact(Listener listener) {
    String reply =
        ClientCalls.blockingUnaryCall(
            channel(listener), GrpcTestService.UNARY, options(), "hello, \u00e9t\u00e9 \u2603");

    assertThat(reply).isEqualTo("hello, \u00e9t\u00e9 \u2603");
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void unaryCall_withOneMebibyteMessages_flowsThroughFlowControlWindows(Listener listener) {
    String big = "0123456789abcdef".repeat(64 * 1024);

    String reply =
        ClientCalls.blockingUnaryCall(channel(listener), GrpcTestService.UNARY, options(), big);

    assertThat(reply).isEqualTo(big);
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void serverStreaming_deliversAHundredMessagesInOrder(Listener listener) {
    List<String> received = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(
            channel(listener), GrpcTestService.SERVER_STREAMING, options(), "100")
        .forEachRemaining(received::add);

    assertThat(received)
        .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "message-" + i).toList());
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void bidiStreaming_echoesEachMessageBeforeTheNextIsSent(Listener listener) throws Exception {
    LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<String> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel(listener).newCall(GrpcTestService.BIDI, options()),
            new StreamObserver<>() {
              @Override
              public void onNext(String value) {
                replies.add(value);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });

    // Ping-pong: each echo must come back while the request stream is still open, so the proxy
    // streams both ways rather than waiting for either side to end.
    for (int i = 0; i < 20; i++) {
      requests.onNext("ping-" + i);
      assertThat(replies.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("echo:ping-" + i);
    }
    requests.onCompleted();

    done.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(replies).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void customTrailers_arriveIntact(Listener listener) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    var channel =
        ClientInterceptors.intercept(
            channel(listener), MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

    ClientCalls.blockingUnaryCall(channel, GrpcTestService.UNARY, options(), "with trailers");

    assertThat(trailers.get().get(GrpcTestService.TRAILER))
        .isEqualTo(GrpcTestService.TRAILER_VALUE);
    assertThat(trailers.get().get(GrpcTestService.BINARY_TRAILER))
        .isEqualTo(GrpcTestService.BINARY_TRAILER_VALUE);
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void nonOkStatus_arrivesWithItsDescriptionAndTrailers(Listener listener) {
    StatusRuntimeException failure =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    channel(listener), GrpcTestService.FAIL, options(), "x"));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(failure.getStatus().getDescription()).isEqualTo(GrpcTestService.FAILURE_DESCRIPTION);
    assertThat(failure.getTrailers().get(GrpcTestService.TRAILER))
        .isEqualTo(GrpcTestService.TRAILER_VALUE);
  }

  @ParameterizedTest
  @EnumSource(Listener.class)
  void responseMetrics_classifyNonOkGrpcStatusAsFailure_andOkAsSuccess(Listener listener) {
    String success = responseTotal(listener, "success");
    String failure = responseTotal(listener, "failure");
    double successBefore = proxy.sample(success);
    double failureBefore = proxy.sample(failure);

    ClientCalls.blockingUnaryCall(channel(listener), GrpcTestService.UNARY, options(), "ok");
    ClientCalls.blockingUnaryCall(channel(listener), GrpcTestService.UNARY, options(), "ok");
    catchThrowableOfType(
        StatusRuntimeException.class,
        () ->
            ClientCalls.blockingUnaryCall(channel(listener), GrpcTestService.FAIL, options(), "x"));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(proxy.sample(success)).isEqualTo(successBefore + 2);
              assertThat(proxy.sample(failure)).isEqualTo(failureBefore + 1);
            });
  }

  @Test
  void callToUnknownAuthority_isUnavailable_withADescriptionNamingTheAuthority()
      throws InterruptedException {
    ManagedChannel unknown = channel(proxy.outbound(), "nowhere.test:9090");
    try {
      StatusRuntimeException failure =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> ClientCalls.blockingUnaryCall(unknown, GrpcTestService.UNARY, options(), "x"));

      assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(failure.getStatus().getDescription()).contains("nowhere.test:9090");
    } finally {
      unknown.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** A gRPC gets a trailers-only 200 response; its classification comes from grpc-status. */
  private String responseTotal(Listener listener, String classification) {
    return "response_total{authority=\""
        + AUTHORITY
        + "\",classification=\""
        + classification
        + "\",direction=\""
        + listener.name().toLowerCase()
        + "\",status_code=\"200\",target_addr=\""
        + targetAddr
        + "\",tls=\"no_identity\"}";
  }

  private ManagedChannel channel(Listener listener) {
    return listener == Listener.OUTBOUND ? outbound : inbound;
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ManagedChannel channel(InetSocketAddress proxyAddress, String authority) {
    return NettyChannelBuilder.forAddress(proxyAddress)
        .usePlaintext()
        .overrideAuthority(authority)
        .maxInboundMessageSize(4 * 1024 * 1024)
        .build();
  }
}
