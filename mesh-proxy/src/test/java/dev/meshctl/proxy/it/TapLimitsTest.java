package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshctl.api.tap.ObserveRequest;
import dev.meshctl.api.tap.TapEvent;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TapClient;
import dev.meshctl.proxy.testing.TestBackend;
import io.grpc.Status;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProxySelector;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a tap may cost the proxy, bounded: its rate limit, the number of taps open at once, a client
 * that stops reading, and who may call a plaintext tap server.
 */
class TapLimitsTest {

  private static final String WEB = "web.test:8080";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestBackend backend;
  private ProxyFixture proxy;
  private HttpClient http;

  private void start(Map<String, String> env) throws Exception {
    backend = TestBackend.start("web");
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putIfAbsent("MESH_PROXY_TAP_LISTEN_ADDR", "127.0.0.1:0");
    proxy = ProxyFixture.start(new MutableDestinations().put(WEB, backend.address()), all);
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(ProxySelector.of(proxy.outbound()))
            .build();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private TapClient tapClient() {
    TapClient client = TapClient.plaintext(proxy.proxy.tapAddress().orElseThrow());
    closing.add(client);
    return client;
  }

  private TapClient.Tap open(TapClient client, boolean reading) {
    double before = proxy.sample("tap_streams_open");
    TapClient.Tap tap =
        reading
            ? client.observe()
            : client.observeWithoutReading(ObserveRequest.getDefaultInstance());
    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == before + 1);
    return tap;
  }

  private int get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://" + WEB + path)).timeout(TIMEOUT).build(),
            BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * Sends requests from {@code threads} threads, each at most one per {@code interval}, until
   * {@code perThread} each were sent or {@code duration} passed; every one must get a 200.
   *
   * @return how many were sent
   */
  private int traffic(int threads, int perThread, Duration interval, Duration duration)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger sent = new AtomicInteger();
    long end = System.nanoTime() + duration.toNanos();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        running.add(
            pool.submit(
                () -> {
                  long next = System.nanoTime();
                  for (int i = 0; i < perThread && System.nanoTime() < end; i++) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += interval.toNanos();
                    assertThat(get("/load/" + thread + "/" + i)).isEqualTo(200);
                    sent.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return sent.get();
  }

  @Test
  void tapAtTenRequestsPerSecond_seesAtMostTenASecond_andCountsTheRest() throws Exception {
    start(Map.of("MESH_PROXY_TAP_MAX_RPS", "10"));
    long started = System.nanoTime();
    TapClient.Tap tap = open(tapClient(), true);

    // About 200 requests per second for 3 seconds.
    int sent = traffic(4, 150, Duration.ofMillis(20), Duration.ofSeconds(3));
    // Events of one tap arrive in order: once a marker request is seen, every earlier event is in.
    int markers = 0;
    List<TapEvent> events = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (events.stream().noneMatch(TapLimitsTest::isMarker)) {
      assertThat(System.nanoTime()).as("a marker request tapped in time").isLessThan(deadline);
      assertThat(get("/marker")).isEqualTo(200);
      markers++;
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      events.addAll(tap.remaining());
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    long tapped = events.stream().filter(TapEvent::hasRequestInit).count();
    // Fixed one-second windows: an interval of s seconds touches at most ceil(s) + 1 of them.
    long bound = 10 * ((long) Math.ceil(seconds) + 1);
    assertThat(sent).as("requests sent").isGreaterThan(100);
    assertThat(tapped).as("requests tapped in %.1f s", seconds).isBetween(10L, bound);
    assertThat(proxy.sample("tap_events_dropped_total"))
        .as("every request not tapped is counted as dropped")
        .isEqualTo((double) (sent + markers - tapped));
  }

  private static boolean isMarker(TapEvent event) {
    return event.hasRequestInit() && event.getRequestInit().getPath().equals("/marker");
  }

  @Test
  void fifthTap_isRefusedWithResourceExhausted_untilOneCloses() throws Exception {
    start(Map.of());
    TapClient client = tapClient();
    List<TapClient.Tap> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(open(client, true));
    }

    TapClient.Tap fifth = client.observe();

    Status status = fifth.status();
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription())
        .isEqualTo(
            "this proxy serves at most 4 taps at once (MESH_PROXY_TAP_MAX_STREAMS) and all are"
                + " open; retry when one has ended");
    assertThat(proxy.sample("tap_streams_open")).isEqualTo(4.0);

    four.get(0).cancel();
    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == 3);
    TapClient.Tap another = open(client, true);
    assertThat(get("/seen")).isEqualTo(200);
    assertThat(another.next(3).get(0).getRequestInit().getPath()).isEqualTo("/seen");
  }

  @Test
  void stalledTapClient_losesEvents_butNoRequestFailsOrWaits() throws Exception {
    start(Map.of("MESH_PROXY_TAP_MAX_RPS", "100000"));
    TapClient.Tap stalled = open(tapClient(), false);
    TapClient.Tap reading = open(tapClient(), true);

    // Far more events than the stalled stream's window and buffer hold; each request must still
    // complete (within the client's timeout) with a 200.
    int sent = traffic(4, 400, Duration.ZERO, Duration.ofMinutes(2));

    assertThat(sent).isEqualTo(1600);
    assertThat(proxy.sample("tap_events_dropped_total")).isPositive();
    assertThat(reading.next().hasRequestInit()).isTrue();
    assertThat(stalled.ended()).isFalse();
    stalled.cancel();
    reading.cancel();
    await().atMost(TIMEOUT).until(() -> proxy.sample("tap_streams_open") == 0);
    assertThat(get("/after")).isEqualTo(200);
  }

  @Test
  void plaintextTapServer_refusesCallersNotOnLoopback() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "this machine has no up, non-loopback IPv4 address");
    start(Map.of("MESH_PROXY_TAP_LISTEN_ADDR", "0.0.0.0:0"));
    int port = proxy.proxy.tapAddress().orElseThrow().getPort();
    TapClient remote = TapClient.plaintext(new InetSocketAddress(external.get(), port));
    closing.add(remote);

    Status status = remote.observe().status();

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .isEqualTo(
            "this proxy has no identity, so its tap server answers loopback callers only; the call"
                + " came from "
                + external.get().getHostAddress()
                + ":"
                + status.getDescription().substring(status.getDescription().lastIndexOf(':') + 1));
    TapClient local = TapClient.plaintext(new InetSocketAddress("127.0.0.1", port));
    closing.add(local);
    open(local, true);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(TapLimitsTest::isUp)
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
