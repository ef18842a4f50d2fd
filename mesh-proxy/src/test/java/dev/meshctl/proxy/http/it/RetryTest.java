package dev.meshctl.proxy.http.it;

import static dev.meshctl.proxy.http.it.MeshClients.curl;
import static dev.meshctl.proxy.http.it.MeshClients.plus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.ResponseClass;
import dev.meshctl.proxy.profile.ResponseMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.testing.Curl;
import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.Payload;
import dev.meshctl.proxy.testing.ProxyFixture;
import dev.meshctl.proxy.testing.TestBackend;
import dev.meshctl.proxy.testing.TestBackend.RecordedRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries over real sockets: a retryable route hides a backend's transient failures within the
 * retry budget; a route that is not retryable shows them; a failing backend gets no more attempts
 * than the budget allows; a request whose body is too large to keep is sent once and arrives whole.
 */
class RetryTest {

  private static final int REQUESTS = 2_000;
  private static final int CONCURRENCY = 16;

  private TestBackend backend;
  private TestBackend backend2;
  private MutableDestinations destinations;
  private ProxyFixture fixture;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start("web-1");
    backend2 = TestBackend.start("web-2");
    destinations = new MutableDestinations();
    fixture = ProxyFixture.start(destinations);
    client = MeshClients.jdkVia(fixture.outbound());
  }

  @AfterEach
  void stop() {
    fixture.close();
    backend.close();
    backend2.close();
  }

  /**
   * One endpoint. (Where failures are random, two: seven failures in a row, which a 20% failure
   * rate produces now and then over thousands of requests, eject an endpoint, and with only one the
   * requests would fail fast for a second; that is failure accrual's test, not this one's.)
   */
  private void profile(RouteSpec route, RetryBudgetSpec budget) {
    destinations.put(
        MeshClients.AUTHORITY, new ServiceProfile(List.of(route), budget), backend.address());
  }

  private void profileOnTwoEndpoints(RouteSpec route, RetryBudgetSpec budget) {
    destinations.put(
        MeshClients.AUTHORITY,
        new ServiceProfile(List.of(route), budget),
        backend.address(),
        backend2.address());
  }

  private int attempts() {
    return backend.requestsStarted() + backend2.requestsStarted();
  }

  private static RouteSpec flakyRoute(boolean retryable, RetryRule rule) {
    return flakyRoute(retryable, rule, List.of());
  }

  private static RouteSpec flakyRoute(
      boolean retryable, RetryRule rule, List<ResponseClass> responseClasses) {
    return new RouteSpec(
        "flaky",
        RequestMatch.pathRegex("/flaky"),
        retryable,
        Optional.empty(),
        responseClasses,
        rule);
  }

  @Test
  void retryableRoute_hidesATwentyPercentFailureRate() throws Exception {
    // A 20% failure rate needs 0.25 retries per request (0.2 + 0.04 + ...): a budget of 0.5
    // covers it with room, so what is measured is the retrying, not the budget running dry.
    profileOnTwoEndpoints(
        flakyRoute(true, RetryRule.DEFAULT), new RetryBudgetSpec(0.5, 10, Duration.ofSeconds(10)));

    List<Integer> statuses = sendAll("/flaky?fail=0.2", REQUESTS);

    long ok = statuses.stream().filter(s -> s == 200).count();
    assertThat(ok).as("successes out of %d", REQUESTS).isGreaterThanOrEqualTo(REQUESTS * 99 / 100);
    int attempts = attempts();
    assertThat(attempts).as("attempts, retries included").isBetween(REQUESTS + 300, REQUESTS + 700);

    String route = routeLabels();
    assertThat(fixture.sample("route_request_total{" + route + "}")).isEqualTo(REQUESTS);
    assertThat(fixture.sample("route_actual_request_total{" + route + "}")).isEqualTo(attempts);
    assertThat(
            fixture.sample(
                "route_response_total{classification=\"success\","
                    + route
                    + ",status_code=\"200\"}"))
        .isEqualTo(ok);
    assertThat(
            fixture.sample(
                "route_actual_response_total{classification=\"failure\","
                    + route
                    + ",status_code=\"500\"}"))
        .isEqualTo(attempts - ok);
  }

  @Test
  void routeNotRetryable_showsTheFailureRate() throws Exception {
    profileOnTwoEndpoints(flakyRoute(false, RetryRule.DEFAULT), RetryBudgetSpec.DEFAULT);

    List<Integer> statuses = sendAll("/flaky?fail=0.2", REQUESTS);

    long ok = statuses.stream().filter(s -> s == 200).count();
    assertThat(ok)
        .as("successes out of %d", REQUESTS)
        .isBetween(REQUESTS * 75L / 100, REQUESTS * 85L / 100);
    assertThat(attempts()).isEqualTo(REQUESTS);
  }

  @Test
  void alwaysFailingBackend_getsNoMoreAttemptsThanTheBudgetAllows() throws Exception {
    // A backend shedding every request with 429, which the route counts as a failure: retried
    // within the budget, while failure accrual (5xx and connection errors) keeps the endpoint in,
    // so the budget alone is what stops a retry storm here.
    ResponseClass overloaded = new ResponseClass(new ResponseMatch.Status(429, 429), true);
    profile(flakyRoute(true, RetryRule.DEFAULT, List.of(overloaded)), RetryBudgetSpec.DEFAULT);
    int requests = 1_000;

    long started = System.nanoTime();
    List<Integer> statuses = sendAll("/flaky?fail=1&status=429", requests);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(statuses).containsOnly(429);
    RetryBudgetSpec budget = RetryBudgetSpec.DEFAULT;
    double ttl = budget.ttl().toSeconds();
    double bound =
        requests * (1 + budget.retryRatio())
            + budget.minRetriesPerSecond() * ttl * Math.ceil(seconds / ttl);
    int attempts = backend.requestsStarted();
    assertThat(attempts)
        .as("attempts for %d requests in %.1f s (bound %.0f)", requests, seconds, bound)
        .isGreaterThan(requests)
        .isLessThanOrEqualTo((int) bound);
  }

  @Test
  void largePost_isNotRetried_andArrivesWhole() throws Exception {
    profile(flakyRoute(true, new RetryRule(true, Set.of())), RetryBudgetSpec.DEFAULT);
    long size = Payload.MIB;

    var response =
        client.send(
            MeshClients.request("/flaky?fail=1")
                .POST(
                    BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(() -> Payload.stream(size)), size))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(backend.requests()).hasSize(1);
    RecordedRequest received = backend.requests().get(0);
    assertThat(received.complete()).isTrue();
    assertThat(received.bodyBytes()).isEqualTo(size);
    assertThat(received.sha256()).isEqualTo(Payload.sha256(size));
  }

  @Test
  void smallPost_onARouteRetryingAnyMethod_isRetried_andEachAttemptCarriesTheWholeBody()
      throws Exception {
    profile(flakyRoute(true, new RetryRule(true, Set.of())), RetryBudgetSpec.DEFAULT);
    long size = 60 * Payload.KIB;

    var response =
        client.send(
            MeshClients.request("/flaky?fail=1")
                .POST(BodyPublishers.ofInputStream(() -> Payload.stream(size)))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(backend.requests()).hasSizeGreaterThan(1);
    assertThat(backend.requests())
        .allSatisfy(
            r -> {
              assertThat(r.complete()).isTrue();
              assertThat(r.bodyBytes()).isEqualTo(size);
              assertThat(r.sha256()).isEqualTo(Payload.sha256(size));
            });
  }

  @Test
  void post_isNotRetriedByDefault() throws Exception {
    profile(flakyRoute(true, RetryRule.DEFAULT), RetryBudgetSpec.DEFAULT);

    var response =
        client.send(
            MeshClients.request("/flaky?fail=1").POST(BodyPublishers.ofString("order")).build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(backend.requestsStarted()).isEqualTo(1);
  }

  @Test
  void http2Requests_withBodies_areRetriedWhole() {
    profileOnTwoEndpoints(flakyRoute(true, new RetryRule(true, Set.of())), RetryBudgetSpec.DEFAULT);
    long size = 10 * Payload.KIB;

    for (int i = 0; i < 20; i++) {
      Curl.Result result =
          Curl.run(
              Payload.stream(size),
              plus(curl(fixture.outbound(), true, "/flaky?fail=0.3"), "-X", "PUT", "-T", "-"));
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(result.status()).isEqualTo(200);
      assertThat(result.body()).isEqualTo(Payload.sha256(size));
    }
    assertThat(attempts()).as("attempts, retries included").isGreaterThan(20);
    assertThat(concat(backend.requests(), backend2.requests()))
        .allSatisfy(
            r -> {
              assertThat(r.protocol()).isEqualTo("HTTP/2");
              assertThat(r.bodyBytes()).isEqualTo(size);
              assertThat(r.sha256()).isEqualTo(Payload.sha256(size));
            });
  }

  private static List<RecordedRequest> concat(
      List<RecordedRequest> first, List<RecordedRequest> second) {
    List<RecordedRequest> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static String routeLabels() {
    return "direction=\"outbound\",dst=\"" + MeshClients.AUTHORITY + "\",rt_route=\"flaky\"";
  }

  /** Sends {@code n} GETs, {@value #CONCURRENCY} at a time; the statuses in the order sent. */
  private List<Integer> sendAll(String path, int n) throws Exception {
    Semaphore window = new Semaphore(CONCURRENCY);
    List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
    AtomicInteger errors = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      window.acquire();
      futures.add(
          client
              .sendAsync(MeshClients.request(path).GET().build(), BodyHandlers.discarding())
              .handle(
                  (response, error) -> {
                    window.release();
                    if (error != null) {
                      errors.incrementAndGet();
                      return -1;
                    }
                    return response.statusCode();
                  }));
    }
    List<Integer> statuses = new ArrayList<>(n);
    for (CompletableFuture<Integer> f : futures) {
      statuses.add(f.get());
    }
    assertThat(errors).as("requests that got no response").hasValue(0);
    return statuses;
  }
}
