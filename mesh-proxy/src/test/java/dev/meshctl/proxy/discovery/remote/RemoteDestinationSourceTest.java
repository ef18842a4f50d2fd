package dev.meshctl.proxy.discovery.remote;

import static dev.meshctl.proxy.discovery.remote.FakeDestinationService.addr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.HttpMethod;
import dev.meshctl.api.destination.PathMatch;
import dev.meshctl.api.destination.RequestMatch;
import dev.meshctl.api.destination.RequestMatchSeq;
import dev.meshctl.api.destination.RetryBudget;
import dev.meshctl.api.destination.Route;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.discovery.Destination;
import dev.meshctl.proxy.discovery.Endpoint;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.testing.LogCapture;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteDestinationSource} against a real grpc-java server on loopback serving a fake
 * controller that the tests drive: first answers, updates, profiles, a controller that goes away
 * and comes back, idle authorities, pre-warming. Waits are bounded (Awaitility); the client's
 * backoff is shortened to 50 ms doubling to 400 ms.
 */
class RemoteDestinationSourceTest {

  private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(15);
  private static final String WEB = "web.demo.svc.cluster.local:8080";
  private static final Authority WEB_AUTHORITY = Authority.parse(WEB, 80);
  private static final InetSocketAddress A = new InetSocketAddress("10.1.0.1", 8080);
  private static final InetSocketAddress B = new InetSocketAddress("10.1.0.2", 8080);
  private static final InetSocketAddress C = new InetSocketAddress("fd00::3", 8080);

  private final FakeController controller = FakeController.start();
  private final FakeDestinationService fake = controller.service;
  private RemoteDestinationSource source;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (source != null) {
      source.close();
    }
    controller.close();
  }

  private RemoteDestinationSource start() {
    return start(java.time.Duration.ofMinutes(10), List.of(), 100);
  }

  private RemoteDestinationSource start(
      java.time.Duration idleTimeout, List<Authority> prewarm, int maxAuthorities) {
    source =
        RemoteDestinationSource.start(
            new RemoteDestinationSource.Settings(
                controller.target(),
                "{\"ns\":\"demo\"}",
                idleTimeout,
                prewarm,
                new Backoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(400), 0.2),
                maxAuthorities,
                Math::random));
    return source;
  }

  /** Looks the authority up until the destination satisfies {@code condition}, and returns it. */
  private Destination awaitDestination(
      Authority authority, java.util.function.Predicate<Destination> condition) {
    return await()
        .atMost(WAIT)
        .until(() -> source.lookup(authority), d -> d.isPresent() && condition.test(d.get()))
        .orElseThrow();
  }

  private static List<InetSocketAddress> addresses(Destination destination) {
    return destination.endpoints().stream().map(Endpoint::address).toList();
  }

  @Test
  void firstLookup_isEmptyAndStartsBothStreams_thenTheFirstAnswerIsReturned() {
    start();

    assertThat(source.lookup(WEB_AUTHORITY)).isEmpty();
    await().atMost(WAIT).until(() -> fake.openGetStreams(WEB) == 1);
    await().atMost(WAIT).until(() -> fake.openProfileStreams(WEB) == 1);
    assertThat(source.lookup(WEB_AUTHORITY)).as("no answer yet").isEmpty();

    fake.add(WEB, addr(A), addr(B));

    Destination destination = awaitDestination(WEB_AUTHORITY, d -> true);
    assertThat(destination.authority()).isEqualTo(WEB_AUTHORITY);
    assertThat(addresses(destination)).containsExactly(A, B);
    assertThat(destination.profile()).isEqualTo(ServiceProfile.none());
    assertThat(source.lookup(WEB_AUTHORITY))
        .as("the same snapshot, not a copy")
        .containsSame(destination);
    assertThat(fake.openGetStreams(WEB)).as("one stream per authority").isEqualTo(1);
  }

  @Test
  void requests_nameTheAuthorityAsClientsWroteIt_withTheContextToken() {
    start();
    source.lookup(Authority.parse("Web.Demo:80", 80));
    source.lookup(Authority.parse("[fd00::1]:9090", 80));

    await().atMost(WAIT).until(() -> fake.getRequests().size() == 2);
    await().atMost(WAIT).until(() -> fake.profileRequests().size() == 2);
    assertThat(fake.getRequests())
        .extracting(r -> r.getPath())
        .containsExactlyInAnyOrder("web.demo:80", "[fd00::1]:9090");
    assertThat(fake.getRequests())
        .allSatisfy(
            r -> {
              assertThat(r.getScheme()).isEqualTo("http");
              assertThat(r.getContextToken()).isEqualTo("{\"ns\":\"demo\"}");
            });
    assertThat(fake.profileRequests())
        .extracting(r -> r.getPath())
        .containsExactlyInAnyOrder("web.demo:80", "[fd00::1]:9090");
  }

  @Test
  void addRemoveAndNoEndpoints_areApplied_withWeightsAndIdentities() {
    fake.add(WEB, addr(A, 3, "web.demo.serviceaccount.identity.meshctl-system.cluster.local"));
    start();
    source.lookup(WEB_AUTHORITY);
    Destination first = awaitDestination(WEB_AUTHORITY, d -> true);
    assertThat(first.endpoints())
        .containsExactly(
            new Endpoint(
                A,
                3,
                Optional.of("web.demo.serviceaccount.identity.meshctl-system.cluster.local")));
    assertThat(first.identities())
        .containsEntry(A, "web.demo.serviceaccount.identity.meshctl-system.cluster.local");

    fake.add(WEB, addr(B), addr(C, 2, ""));
    Destination added = awaitDestination(WEB_AUTHORITY, d -> d.endpoints().size() == 3);
    assertThat(added.endpoints())
        .containsExactly(
            first.endpoints().get(0), new Endpoint(B, 1), new Endpoint(C, 2, Optional.empty()));

    fake.add(WEB, addr(A, 5, ""));
    Destination changed = awaitDestination(WEB_AUTHORITY, d -> d.endpoints().get(0).weight() == 5);
    assertThat(changed.endpoints().get(0)).isEqualTo(new Endpoint(A, 5));

    fake.remove(WEB, A, C);
    Destination removed = awaitDestination(WEB_AUTHORITY, d -> d.endpoints().size() == 1);
    assertThat(addresses(removed)).containsExactly(B);

    fake.noEndpoints(WEB, true);
    Destination none = awaitDestination(WEB_AUTHORITY, d -> d.endpoints().isEmpty());
    assertThat(none.authority()).isEqualTo(WEB_AUTHORITY);

    fake.add(WEB, addr(C));
    assertThat(addresses(awaitDestination(WEB_AUTHORITY, d -> !d.endpoints().isEmpty())))
        .containsExactly(C);
  }

  @Test
  void authorityTheControllerDoesNotKnow_isNoDestination_untilItExists() {
    fake.noEndpoints(WEB, false);
    start();
    source.lookup(WEB_AUTHORITY);

    await().atMost(WAIT).until(() -> fake.getRequests().size() == 1);
    await()
        .during(java.time.Duration.ofMillis(300))
        .atMost(WAIT)
        .until(() -> source.lookup(WEB_AUTHORITY).isEmpty());

    fake.add(WEB, addr(A));
    assertThat(addresses(awaitDestination(WEB_AUTHORITY, d -> true))).containsExactly(A);

    fake.noEndpoints(WEB, false);
    await().atMost(WAIT).until(() -> source.lookup(WEB_AUTHORITY).isEmpty());
  }

  @Test
  void authorityTheControllerRefuses_isNoDestination_andIsAskedAgainWithBackoff() {
    fake.refuse(WEB, Status.INVALID_ARGUMENT.withDescription("not a service name"));
    start();
    source.lookup(WEB_AUTHORITY);

    await().atMost(WAIT).until(() -> fake.getRequests().size() >= 2);
    assertThat(source.lookup(WEB_AUTHORITY)).isEmpty();

    fake.refuse(WEB, null);
    fake.add(WEB, addr(A));
    assertThat(addresses(awaitDestination(WEB_AUTHORITY, d -> true))).containsExactly(A);
  }

  @Test
  void profile_isStreamedAndTranslated() {
    fake.add(WEB, addr(A));
    start();
    source.lookup(WEB_AUTHORITY);
    awaitDestination(WEB_AUTHORITY, d -> true);

    fake.profile(
        WEB,
        DestinationProfile.newBuilder()
            .setFullyQualifiedName("web.demo.svc.cluster.local")
            .addRoutes(
                Route.newBuilder()
                    .setName("list-books")
                    .setCondition(
                        RequestMatch.newBuilder()
                            .setAll(
                                RequestMatchSeq.newBuilder()
                                    .addMatches(
                                        RequestMatch.newBuilder()
                                            .setMethod(HttpMethod.newBuilder().setName("GET")))
                                    .addMatches(
                                        RequestMatch.newBuilder()
                                            .setPath(
                                                PathMatch.newBuilder().setRegex("/books(/.*)?")))))
                    .setIsRetryable(true)
                    .setTimeout(Duration.newBuilder().setNanos(300_000_000))
                    .setRetryNonIdempotent(true)
                    .addRetryGrpcStatuses(14))
            .setRetryBudget(
                RetryBudget.newBuilder()
                    .setRetryRatio(0.5f)
                    .setMinRetriesPerSecond(3)
                    .setTtl(Duration.newBuilder().setSeconds(20)))
            .build());

    Destination destination = awaitDestination(WEB_AUTHORITY, d -> !d.profile().routes().isEmpty());
    ServiceProfile profile = destination.profile();
    assertThat(profile.retryBudget())
        .isEqualTo(new RetryBudgetSpec(0.5, 3, java.time.Duration.ofSeconds(20)));
    RouteSpec route = profile.route("GET", "/books/1");
    assertThat(route.name()).isEqualTo("list-books");
    assertThat(route.retryable()).isTrue();
    assertThat(route.timeout()).contains(java.time.Duration.ofMillis(300));
    assertThat(route.retryRule()).isEqualTo(new RetryRule(true, Set.of(14)));
    assertThat(profile.route("POST", "/books/1").name()).isEqualTo(RouteSpec.DEFAULT_NAME);
    assertThat(addresses(destination)).containsExactly(A);
  }

  @Test
  void profileBeforeEndpoints_waitsForThem() {
    fake.profile(WEB, profileWithRoute("only", "/only"));
    start();
    source.lookup(WEB_AUTHORITY);
    await().atMost(WAIT).until(() -> fake.openProfileStreams(WEB) == 1);
    assertThat(source.lookup(WEB_AUTHORITY)).isEmpty();

    fake.add(WEB, addr(A));

    Destination destination = awaitDestination(WEB_AUTHORITY, d -> !d.profile().routes().isEmpty());
    assertThat(destination.profile().routes()).extracting(RouteSpec::name).containsExactly("only");
  }

  @Test
  void invalidProfile_keepsThePreviousOne_withOneWarning() {
    fake.add(WEB, addr(A));
    fake.profile(WEB, profileWithRoute("good", "/good"));
    start();
    source.lookup(WEB_AUTHORITY);
    awaitDestination(WEB_AUTHORITY, d -> !d.profile().routes().isEmpty());

    try (LogCapture log = LogCapture.of(AuthorityWatch.class)) {
      fake.profile(WEB, profileWithRoute("bad", "/books("));
      await().atMost(WAIT).until(() -> !log.messages(Level.WARNING).isEmpty());
      assertThat(source.lookup(WEB_AUTHORITY).orElseThrow().profile().routes())
          .extracting(RouteSpec::name)
          .containsExactly("good");
      fake.profile(WEB, profileWithRoute("better", "/better"));
      awaitDestination(WEB_AUTHORITY, d -> d.profile().routes().get(0).name().equals("better"));

      assertThat(log.messages(Level.WARNING))
          .containsExactly(
              WEB
                  + ": the destination service sent an invalid profile"
                  + " (routes[0].condition.path.regex: \"/books(\" is not a valid regular"
                  + " expression: Unclosed group near index 7); keeping the previous one");
    }
  }

  @Test
  void controllerStopped_keepsTheLastState_thenReconnectsAndPicksUpAChangedSet()
      throws InterruptedException {
    fake.add(WEB, addr(A), addr(B));
    fake.profile(WEB, profileWithRoute("good", "/good"));
    start();
    source.lookup(WEB_AUTHORITY);
    Destination before = awaitDestination(WEB_AUTHORITY, d -> !d.profile().routes().isEmpty());

    try (LogCapture log = LogCapture.of(RemoteDestinationSource.class)) {
      controller.stop();
      // While the controller is away the set changes: the proxy must not see it, nor lose the old.
      fake.remove(WEB, A);
      fake.add(WEB, addr(C));
      await().atMost(WAIT).until(() -> !log.messages(Level.WARNING).isEmpty());
      await()
          .during(java.time.Duration.ofMillis(500))
          .atMost(WAIT)
          .until(() -> source.lookup(WEB_AUTHORITY).equals(Optional.of(before)));

      controller.restart();

      Destination after = awaitDestination(WEB_AUTHORITY, d -> addresses(d).contains(C));
      assertThat(addresses(after)).containsExactly(B, C);
      assertThat(after.profile()).isEqualTo(before.profile());
      await().atMost(WAIT).until(() -> log.messages(Level.INFO).size() == 1);
      assertThat(log.messages(Level.WARNING))
          .containsExactly(
              "cannot reach the destination service at "
                  + controller.target()
                  + "; keeping the last known destinations and trying again with backoff");
      assertThat(log.messages(Level.INFO))
          .containsExactly(
              "the destination service at " + controller.target() + " is reachable again");
    }
    fake.add(WEB, addr(A));
    assertThat(addresses(awaitDestination(WEB_AUTHORITY, d -> d.endpoints().size() == 3)))
        .containsExactly(B, C, A);
  }

  @Test
  void controllerEndingTheStreams_isAskedAgain_andItsNewFirstAnswerReplacesTheSet() {
    fake.add(WEB, addr(A));
    start();
    source.lookup(WEB_AUTHORITY);
    awaitDestination(WEB_AUTHORITY, d -> true);
    int requests = fake.getRequests().size();

    fake.failAll(Status.INTERNAL.withDescription("informer restarted"));
    fake.remove(WEB, A); // no stream is open: only the next first answer says so
    fake.add(WEB, addr(B));

    assertThat(addresses(awaitDestination(WEB_AUTHORITY, d -> addresses(d).contains(B))))
        .containsExactly(B);
    assertThat(fake.getRequests().size()).isGreaterThan(requests);
  }

  @Test
  void idleAuthority_hasItsStreamsClosed_andALaterLookupWatchesItAgain() {
    fake.add(WEB, addr(A));
    fake.add("busy:80", addr(B));
    start(java.time.Duration.ofMillis(400), List.of(), 100);
    Authority busy = Authority.parse("busy:80", 80);
    source.lookup(WEB_AUTHORITY);
    source.lookup(busy);
    awaitDestination(WEB_AUTHORITY, d -> true);
    await().atMost(WAIT).until(() -> fake.openGetStreams("busy:80") == 1);

    // busy is looked up all along; web is not.
    await()
        .atMost(WAIT)
        .pollInterval(java.time.Duration.ofMillis(20))
        .until(
            () -> {
              source.lookup(busy);
              return fake.openGetStreams(WEB) == 0 && fake.openProfileStreams(WEB) == 0;
            });
    assertThat(source.watching(WEB_AUTHORITY)).isFalse();
    assertThat(source.watching(busy)).isTrue();
    assertThat(fake.openGetStreams("busy:80")).isEqualTo(1);

    assertThat(source.lookup(WEB_AUTHORITY)).as("forgotten: a first lookup again").isEmpty();
    await().atMost(WAIT).until(() -> fake.openGetStreams(WEB) == 1);
    awaitDestination(WEB_AUTHORITY, d -> true);
  }

  @Test
  void prewarmedAuthority_isWatchedFromTheStart_makesTheSourceWarm_andIsNeverDropped() {
    start(java.time.Duration.ofMillis(200), List.of(WEB_AUTHORITY), 100);

    await().atMost(WAIT).until(() -> fake.openGetStreams(WEB) == 1);
    assertThat(source.isWarm()).as("no answer yet").isFalse();

    fake.add(WEB, addr(A));
    await().atMost(WAIT).until(source::isWarm);

    // Three idle timeouts without a lookup: still watched.
    await()
        .during(java.time.Duration.ofMillis(600))
        .atMost(WAIT)
        .until(() -> fake.openGetStreams(WEB) == 1 && fake.openProfileStreams(WEB) == 1);
    assertThat(addresses(source.lookup(WEB_AUTHORITY).orElseThrow())).containsExactly(A);
  }

  @Test
  void withoutPrewarmedAuthorities_theSourceIsWarmAtOnce() {
    assertThat(start().isWarm()).isTrue();
  }

  @Test
  void authoritiesBeyondTheLimit_areNotWatched_withOneWarning() {
    start(java.time.Duration.ofMinutes(10), List.of(), 2);
    try (LogCapture log = LogCapture.of(RemoteDestinationSource.class)) {
      source.lookup(Authority.parse("a:80", 80));
      source.lookup(Authority.parse("b:80", 80));
      source.lookup(Authority.parse("c:80", 80));
      source.lookup(Authority.parse("d:80", 80));

      assertThat(source.watching(Authority.parse("c:80", 80))).isFalse();
      assertThat(source.watching(Authority.parse("d:80", 80))).isFalse();
      assertThat(log.messages(Level.WARNING)).hasSize(1);
      assertThat(log.messages(Level.WARNING).get(0)).startsWith("watching 2 authorities already");
    }
    await().atMost(WAIT).until(() -> fake.getRequests().size() == 2);
  }

  @Test
  void close_cancelsEveryStream_andLookupsKeepTheLastState() {
    fake.add(WEB, addr(A));
    start();
    source.lookup(WEB_AUTHORITY);
    Destination last = awaitDestination(WEB_AUTHORITY, d -> true);

    source.close();

    await().atMost(WAIT).until(() -> fake.openGetStreams(WEB) == 0);
    await().atMost(WAIT).until(() -> fake.openProfileStreams(WEB) == 0);
    assertThat(source.lookup(WEB_AUTHORITY)).contains(last);
    assertThat(source.lookup(Authority.parse("other:80", 80))).isEmpty();
    assertThat(source.watching(Authority.parse("other:80", 80))).isFalse();
    source.close(); // idempotent
  }

  static DestinationProfile profileWithRoute(String name, String regex) {
    return DestinationProfile.newBuilder()
        .addRoutes(
            Route.newBuilder()
                .setName(name)
                .setCondition(
                    RequestMatch.newBuilder().setPath(PathMatch.newBuilder().setRegex(regex))))
        .build();
  }
}
