package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC calls are retried on the statuses their route lists, when the failure comes as a
 * trailers-only response (grpc-java answers a call failed before any message that way), and only
 * there: a status the route does not list, or a route that lists none, reaches the client as it
 * was.
 */
class GrpcRetryTest {

  private static final String AUTHORITY = "flaky.test:8080";

  /** Fails the first call with each distinct message with {@code status}, answers the second. */
  private static final MethodDescriptor<String, String> ONCE_UNAVAILABLE =
      method("OnceUnavailable");

  private static final MethodDescriptor<String, String> ONCE_ABORTED = method("OnceAborted");

  private final AtomicInteger calls = new AtomicInteger();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private Server server;
  private ProxyFixture proxy;
  private ManagedChannel channel;
  private MutableDestinations destinations;
  private InetSocketAddress backend;

  @BeforeEach
  void start() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(service())
            .build()
            .start();
    backend = new InetSocketAddress("127.0.0.1", server.getPort());
    destinations = new MutableDestinations();
    proxy = ProxyFixture.start(destinations);
    channel =
        NettyChannelBuilder.forAddress(proxy.outbound())
            .usePlaintext()
            .overrideAuthority(AUTHORITY)
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    proxy.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private void route(RetryRule rule) {
    RouteSpec route =
        new RouteSpec(
            "flaky-calls",
            RequestMatch.pathRegex("/meshtest\\.Flaky/.*"),
            true,
            Optional.empty(),
            List.of(),
            rule);
    destinations.put(
        AUTHORITY, new ServiceProfile(List.of(route), RetryBudgetSpec.DEFAULT), backend);
  }

  @Test
  void unavailable_isRetried_whenTheRouteListsIt() {
    route(new RetryRule(false, Set.of(Status.Code.UNAVAILABLE.value())));

    for (int i = 0; i < 20; i++) {
      assertThat(call(ONCE_UNAVAILABLE, "call-" + i)).isEqualTo("ok:call-" + i);
    }
    assertThat(calls).hasValue(40);
  }

  @Test
  void aStatusTheRouteDoesNotList_reachesTheClient() {
    route(new RetryRule(false, Set.of(Status.Code.UNAVAILABLE.value())));

    StatusRuntimeException failure =
        catchThrowableOfType(StatusRuntimeException.class, () -> call(ONCE_ABORTED, "x"));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aRouteListingNoStatus_doesNotRetryGrpcCalls() {
    route(RetryRule.DEFAULT);

    StatusRuntimeException failure =
        catchThrowableOfType(StatusRuntimeException.class, () -> call(ONCE_UNAVAILABLE, "x"));

    assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(calls).hasValue(1);
  }

  private String call(MethodDescriptor<String, String> method, String message) {
    return ClientCalls.blockingUnaryCall(
        channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), message);
  }

  private ServerServiceDefinition service() {
    return ServerServiceDefinition.builder("meshtest.Flaky")
        .addMethod(ONCE_UNAVAILABLE, onceFailing(Status.UNAVAILABLE))
        .addMethod(ONCE_ABORTED, onceFailing(Status.ABORTED))
        .build();
  }

  private io.grpc.ServerCallHandler<String, String> onceFailing(Status status) {
    return ServerCalls.asyncUnaryCall(
        (request, response) -> {
          calls.incrementAndGet();
          if (seen.add(request)) {
            response.onError(status.withDescription("first call with " + request).asException());
          } else {
            response.onNext("ok:" + request);
            response.onCompleted();
          }
        });
  }

  private static MethodDescriptor<String, String> method(String name) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("meshtest.Flaky", name))
        .setRequestMarshaller(GrpcTestService.UTF8)
        .setResponseMarshaller(GrpcTestService.UTF8)
        .build();
  }
}
