package dev.meshctl.controller.destination;

import static dev.meshctl.controller.discovery.TestObjects.pod;
import static dev.meshctl.controller.discovery.TestObjects.ready;
import static dev.meshctl.controller.discovery.TestObjects.service;
import static dev.meshctl.controller.discovery.TestObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.destination.DestinationGrpc;
import dev.meshctl.api.destination.GetDestination;
import dev.meshctl.api.destination.Update;
import dev.meshctl.controller.DestinationClient;
import dev.meshctl.controller.discovery.DestinationTranslator;
import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.KubernetesObjects;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.grpc.GrpcServerLifecycle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC service over a real socket, the model fed directly. */
class DestinationServiceTest {

  private final DiscoveryModel model = new DiscoveryModel();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DestinationService service =
      new DestinationService(
          model,
          new DestinationTranslator(
              model, new MeshSettings("cluster.local", "meshctl-system", "cluster.local")),
          new MicrometerStreamRecorder(registry));
  private final GrpcServerLifecycle server =
      new GrpcServerLifecycle(0, List.of(service), Duration.ofSeconds(1), service::completeAll);
  private DestinationClient client;

  @BeforeEach
  void start() {
    server.start();
    client = new DestinationClient(server.port());
    add(service("web", "10.96.0.10"));
    add(pod("web-1", "10.0.0.1", "web", true));
    add(slice("web", ready("10.0.0.1", "web-1")));
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.stop();
  }

  @Test
  void get_streamsTheSetThenItsChanges() throws Exception {
    DestinationClient.Stream<Update> stream = client.get("web.demo.svc.cluster.local:80");

    assertThat(stream.next().getAdd().getAddrsCount()).isEqualTo(1);

    add(slice("web", ready("10.0.0.1", "web-1"), ready("10.0.0.2", "web-2")));
    assertThat(stream.next().getAdd().getAddrs(0).getAddr())
        .isEqualTo(DestinationTranslator.tcpAddress("10.0.0.2", 8080));

    add(slice("web", ready("10.0.0.2", "web-2")));
    assertThat(stream.next().getRemove().getAddrs(0))
        .isEqualTo(DestinationTranslator.tcpAddress("10.0.0.1", 8080));

    add(slice("web"));
    assertThat(stream.next().getNoEndpoints().getExists()).isTrue();
  }

  @Test
  void changesElsewhere_sendNothing() throws Exception {
    DestinationClient.Stream<Update> stream = client.get("web.demo:80");
    stream.next();

    add(service("other", "10.96.0.11"));

    assertThat(stream.quiet(200)).isTrue();
    assertThat(registry.counter("destination.updates.sent", "kind", "get").count()).isEqualTo(1);
  }

  @Test
  void unknownAuthority_isNoEndpointsThatDoNotExist() throws Exception {
    assertThat(client.get("nope.demo:80").next().getNoEndpoints().getExists()).isFalse();
  }

  @Test
  void malformedAuthority_isInvalidArgument() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      var iterator =
          DestinationGrpc.newBlockingStub(channel)
              .get(GetDestination.newBuilder().setPath("web:http").build());
      StatusRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class, iterator::hasNext);
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("\"http\" is not a port");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void getProfile_streamsOnChangeOnly() throws Exception {
    var stream = client.getProfile("web.demo:80");
    assertThat(stream.next().getFullyQualifiedName()).isEqualTo("web.demo.svc.cluster.local");

    add(slice("web", ready("10.0.0.3", "web-3")));
    assertThat(stream.quiet(200)).as("endpoints are not the profile").isTrue();
  }

  @Test
  void cancelledStream_isCleanedUp() throws Exception {
    client.get("web.demo:80").next();
    client.getProfile("web.demo:80").next();
    assertThat(gauge("get")).isEqualTo(1);
    assertThat(gauge("profile")).isEqualTo(1);

    client.close();

    await().atMost(5, TimeUnit.SECONDS).until(() -> gauge("get") == 0 && gauge("profile") == 0);
  }

  @Test
  void slowClient_getsTheLatestStateNotEveryStep() throws Exception {
    // A small HTTP/2 window, so that what the client does not read soon stops the server's sends.
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .flowControlWindow(16 * 1024)
            .build();
    List<Update> received = new CopyOnWriteArrayList<>();
    ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
    DestinationGrpc.newStub(channel)
        .get(
            GetDestination.newBuilder().setPath("web.demo:80").build(),
            new ClientResponseObserver<GetDestination, Update>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<GetDestination> requestStream) {
                call[0] = requestStream;
                requestStream.disableAutoRequestWithInitial(1);
              }

              @Override
              public void onNext(Update value) {
                received.add(value);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 1);

    // The client asks for nothing more while the set changes 2,000 times: nothing may pile up
    // beyond what flow control lets through.
    for (int i = 0; i < 2000; i++) {
      add(slice("web", ready("10.1." + (i / 250) + "." + (i % 250), "p")));
    }
    call[0].request(Integer.MAX_VALUE);
    add(slice("web", ready("10.0.0.9", "web-9")));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                received.get(received.size() - 1).hasAdd()
                    && received
                        .get(received.size() - 1)
                        .getAdd()
                        .getAddrs(0)
                        .getAddr()
                        .equals(DestinationTranslator.tcpAddress("10.0.0.9", 8080)));
    assertThat(received.size()).as("updates received for 2,000 changes").isLessThan(2000);
    channel.shutdownNow();
  }

  private double gauge(String kind) {
    return registry.get("destination.streams.open").tag("kind", kind).gauge().value();
  }

  private void add(HasMetadata object) {
    model.upsert(KubernetesObjects.translate(object).orElseThrow());
  }
}
