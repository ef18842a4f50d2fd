package dev.meshctl.proxy.discovery.remote;

import static dev.meshctl.proxy.discovery.remote.FakeDestinationService.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.metrics.Exposition;
import dev.meshctl.proxy.metrics.MetricsExporter;
import io.grpc.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The destination client's metrics as scraped, with {@link RemoteDestinationSource} talking to a
 * fake controller on a real grpc-java server on loopback: streams open once answering, each message
 * counted and time-stamped (an injected wall clock), errors by gRPC status, and the open streams
 * going back to zero when the controller goes away or an authority is dropped.
 */
class DestinationClientMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String WEB = "web.demo.svc.cluster.local:8080";
  private static final Authority WEB_AUTHORITY = Authority.parse(WEB, 80);
  private static final InetSocketAddress A = new InetSocketAddress("10.1.0.1", 8080);
  private static final InetSocketAddress B = new InetSocketAddress("10.1.0.2", 8080);
  private static final Map<String, String> GET = Map.of("kind", "get");
  private static final Map<String, String> PROFILE = Map.of("kind", "profile");

  private final FakeController controller = FakeController.start();
  private final FakeDestinationService fake = controller.service;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final MetricsExporter exporter = new MetricsExporter(registry);
  private final AtomicLong wallClock = new AtomicLong(1_767_225_600_250L);
  private RemoteDestinationSource source;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (source != null) {
      source.close();
    }
    controller.close();
  }

  private void start(Duration idleTimeout) {
    source =
        RemoteDestinationSource.start(
            new RemoteDestinationSource.Settings(
                controller.target(),
                "",
                idleTimeout,
                List.of(),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.2),
                100,
                Math::random,
                new PrometheusDestinationClientMetrics(registry, wallClock::get)));
  }

  private Exposition scrape() {
    return Exposition.parse(exporter.scrape());
  }

  private double value(String name, Map<String, String> labels) {
    return scrape().find(name, labels).map(Exposition.Sample::doubleValue).orElse(-1.0);
  }

  @Test
  void beforeAnyAnswer_streamsAreNotOpen_andThereIsNoLastUpdateTime() {
    start(Duration.ofMinutes(10));
    source.lookup(WEB_AUTHORITY);
    await().atMost(WAIT).until(() -> fake.openGetStreams(WEB) == 1);

    Exposition scrape = scrape();
    assertThat(scrape.value("destination_streams_open", GET)).isZero();
    assertThat(scrape.value("destination_streams_open", PROFILE)).isZero();
    assertThat(scrape.value("destination_updates_total", GET)).isZero();
    assertThat(scrape.named("destination_last_update_timestamp_seconds"))
        .as("no sample before the first message")
        .isEmpty();
  }

  @Test
  void messages_openTheStreams_areCounted_andTimeStamped() {
    fake.add(WEB, addr(A));
    fake.profile(WEB, DestinationProfile.newBuilder().setFullyQualifiedName("web").build());
    start(Duration.ofMinutes(10));
    source.lookup(WEB_AUTHORITY);

    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 1.0);
    await().atMost(WAIT).until(() -> value("destination_streams_open", PROFILE) == 1.0);
    assertThat(value("destination_updates_total", GET)).isEqualTo(1.0);
    assertThat(value("destination_updates_total", PROFILE)).isEqualTo(1.0);
    assertThat(value("destination_last_update_timestamp_seconds", Map.of()))
        .isEqualTo(1_767_225_600.25);

    wallClock.addAndGet(5_000);
    fake.add(WEB, addr(B));
    fake.remove(WEB, A);

    await().atMost(WAIT).until(() -> value("destination_updates_total", GET) == 3.0);
    assertThat(value("destination_last_update_timestamp_seconds", Map.of()))
        .isEqualTo(1_767_225_605.25);
    assertThat(value("destination_streams_open", GET)).as("still the one stream").isEqualTo(1.0);
    assertThat(scrape().named("destination_stream_errors_total")).isEmpty();
  }

  @Test
  void controllerErrors_areCountedByStatusCode_andTheStreamIsNoLongerOpen() {
    fake.add(WEB, addr(A));
    start(Duration.ofMinutes(10));
    source.lookup(WEB_AUTHORITY);
    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 1.0);

    fake.refuse(WEB, Status.INVALID_ARGUMENT.withDescription("bad path"));
    fake.failAll(Status.INTERNAL.withDescription("informer restarted"));

    Map<String, String> internal = Map.of("kind", "get", "code", "INTERNAL");
    Map<String, String> invalid = Map.of("kind", "get", "code", "INVALID_ARGUMENT");
    await().atMost(WAIT).until(() -> value("destination_stream_errors_total", internal) == 1.0);
    await().atMost(WAIT).until(() -> value("destination_stream_errors_total", invalid) >= 1.0);
    assertThat(value("destination_streams_open", GET)).isZero();

    fake.refuse(WEB, null);
    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 1.0);
  }

  @Test
  void controllerGone_closesTheStreams_asErrors_andTheyReopenWhenItIsBack()
      throws InterruptedException {
    fake.add(WEB, addr(A));
    fake.profile(WEB, DestinationProfile.newBuilder().setFullyQualifiedName("web").build());
    start(Duration.ofMinutes(10));
    source.lookup(WEB_AUTHORITY);
    await().atMost(WAIT).until(() -> value("destination_streams_open", PROFILE) == 1.0);
    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 1.0);

    controller.stop();

    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 0.0);
    await().atMost(WAIT).until(() -> value("destination_streams_open", PROFILE) == 0.0);
    // A server shut down resets its streams (CANCELLED); a vanished one drops the connection
    // (UNAVAILABLE): either way, an error by its gRPC code name.
    for (Map<String, String> kind : List.of(GET, PROFILE)) {
      List<Exposition.Sample> errors =
          scrape().named("destination_stream_errors_total").stream()
              .filter(sample -> sample.labels().get("kind").equals(kind.get("kind")))
              .toList();
      assertThat(errors).as("errors of %s", kind).isNotEmpty();
      assertThat(errors)
          .extracting(sample -> sample.labels().get("code"))
          .isSubsetOf("CANCELLED", "UNAVAILABLE");
    }

    controller.restart();

    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 1.0);
    await().atMost(WAIT).until(() -> value("destination_streams_open", PROFILE) == 1.0);
  }

  @Test
  void idleAuthorityDropped_closesItsStreams_withoutAnError() {
    fake.add(WEB, addr(A));
    fake.profile(WEB, DestinationProfile.newBuilder().setFullyQualifiedName("web").build());
    start(Duration.ofMillis(400));
    // Looked up until both streams answer (the idle timeout is short for a loaded machine).
    await()
        .atMost(WAIT)
        .until(
            () -> {
              source.lookup(WEB_AUTHORITY);
              return value("destination_streams_open", GET) == 1.0
                  && value("destination_streams_open", PROFILE) == 1.0;
            });

    await().atMost(WAIT).until(() -> !source.watching(WEB_AUTHORITY));

    await().atMost(WAIT).until(() -> value("destination_streams_open", GET) == 0.0);
    await().atMost(WAIT).until(() -> value("destination_streams_open", PROFILE) == 0.0);
    assertThat(scrape().named("destination_stream_errors_total"))
        .as("cancelled by the proxy itself: not an error")
        .isEmpty();
  }
}
