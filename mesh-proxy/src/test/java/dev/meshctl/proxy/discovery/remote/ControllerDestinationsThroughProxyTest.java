package dev.meshctl.proxy.discovery.remote;

import static dev.meshctl.proxy.discovery.remote.FakeDestinationService.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.PathMatch;
import dev.meshctl.api.destination.RequestMatch;
import dev.meshctl.api.destination.Route;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Endpoint;
import dev.meshctl.proxy.http.ProxyError;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end: a proxy whose destinations come from a fake controller over real gRPC routes real
 * HTTP requests to the backends the controller announces, follows a change of the set and a
 * profile's route timeout, and keeps routing to the last known endpoints while the controller is
 * down.
 */
class ControllerDestinationsThroughProxyTest {

  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(15);
  private static final String AUTHORITY = "web.demo.svc.cluster.local:8080";

  private final FakeController controller = FakeController.start();
  private TestBackend first;
  private TestBackend second;
  private RemoteDestinationSource destinations;
  private ProxyFixture proxy;
  private HttpClient client;

  @BeforeEach
  void start() throws InterruptedException {
    first = TestBackend.start("web-1");
    second = TestBackend.start("web-2");
    destinations =
        RemoteDestinationSource.start(
            new RemoteDestinationSource.Settings(
                controller.target(),
                "",
                java.time.Duration.ofMinutes(10),
                List.of(),
                new Backoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(400), 0.2),
                100,
                Math::random));
    proxy = ProxyFixture.start(destinations);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(ProxySelector.of(proxy.outbound()))
            .connectTimeout(java.time.Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    proxy.close();
    destinations.close();
    controller.close();
    first.close();
    second.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://" + AUTHORITY + path))
            .timeout(java.time.Duration.ofSeconds(10))
            .GET()
            .build(),
        BodyHandlers.ofString());
  }

  /** Waits until the proxy's destination for the authority has exactly these endpoints. */
  private void awaitEndpoints(TestBackend... backends) {
    List<InetSocketAddress> expected =
        java.util.Arrays.stream(backends).map(TestBackend::address).toList();
    await()
        .atMost(WAIT)
        .until(
            () ->
                destinations
                    .lookup(Authority.parse(AUTHORITY, 80))
                    .map(d -> d.endpoints().stream().map(Endpoint::address).toList())
                    .filter(expected::equals)
                    .isPresent());
  }

  /** Which backends answered {@code count} requests, in order. */
  private List<String> backends(int count) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpResponse<String> response = get("/");
      assertThat(response.statusCode()).isEqualTo(200);
      names.add(response.headers().firstValue("x-backend").orElseThrow());
    }
    return names;
  }

  @Test
  void requestsGoToTheAnnouncedEndpoints_andFollowAChangeOfTheSet() throws Exception {
    controller.service.add(AUTHORITY, addr(first.address()));

    // The first request to a new authority starts the watch and is answered as unknown (no
    // original destination here: the client addressed the proxy explicitly).
    HttpResponse<String> firstResponse = get("/");
    assertThat(firstResponse.statusCode()).isEqualTo(502);
    assertThat(firstResponse.headers().firstValue(ProxyError.HEADER)).isPresent();

    await().atMost(WAIT).until(() -> get("/").statusCode() == 200);
    assertThat(backends(10)).containsOnly("web-1");

    controller.service.add(AUTHORITY, addr(second.address()));
    controller.service.remove(AUTHORITY, first.address());

    awaitEndpoints(second);
    int servedByFirst = first.requestsStarted();
    assertThat(backends(10)).containsOnly("web-2");
    assertThat(first.requestsStarted()).isEqualTo(servedByFirst);
  }

  @Test
  void aProfileFromTheController_givesARouteItsTimeout() throws Exception {
    controller.service.add(AUTHORITY, addr(first.address()));
    controller.service.profile(
        AUTHORITY,
        DestinationProfile.newBuilder()
            .addRoutes(
                Route.newBuilder()
                    .setName("slow-route")
                    .setCondition(
                        RequestMatch.newBuilder().setPath(PathMatch.newBuilder().setRegex("/slow")))
                    .setTimeout(Duration.newBuilder().setNanos(200_000_000)))
            .build());
    get("/");

    await()
        .atMost(WAIT)
        .until(
            () ->
                destinations
                    .lookup(Authority.parse(AUTHORITY, 80))
                    .filter(d -> !d.profile().routes().isEmpty())
                    .isPresent());
    HttpResponse<String> response = get("/slow?ms=2000");

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue(ProxyError.HEADER).orElseThrow())
        .contains("slow-route");
    assertThat(get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void withTheControllerDown_requestsStillGoToTheLastKnownEndpoints() throws Exception {
    controller.service.add(AUTHORITY, addr(first.address()), addr(second.address()));
    get("/");
    awaitEndpoints(first, second);

    controller.stop();

    List<Integer> statuses =
        IntStream.range(0, 20)
            .mapToObj(
                i -> {
                  try {
                    return get("/").statusCode();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();
    assertThat(statuses).containsOnly(200);
    assertThat(first.requestsStarted() + second.requestsStarted()).isEqualTo(20);

    controller.service.remove(AUTHORITY, first.address());
    controller.restart();
    awaitEndpoints(second);
    int servedByFirst = first.requestsStarted();
    assertThat(backends(10)).containsOnly("web-2");
    assertThat(first.requestsStarted()).isEqualTo(servedByFirst);
  }
}
