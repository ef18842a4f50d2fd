package dev.meshctl.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.EndpointSliceRecord;
import dev.meshctl.controller.discovery.MeshSettings;
import dev.meshctl.controller.discovery.ObjectKey;
import dev.meshctl.controller.discovery.PodRecord;
import dev.meshctl.controller.discovery.ServiceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The answers assembled from recorded samples of three meshed proxies sharing 127.0.0.1, as in the
 * local mesh: web calls books (8/s, all fine) and authors (4/s, one in four failing), over mTLS.
 */
class MetricsQueryTest {

  private static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");
  private static final String SUFFIX = ".demo.serviceaccount.identity.meshctl-system.cluster.local";
  private static final String BOOKS = "books.demo.svc.cluster.local:8080";
  private static final String AUTHORS = "authors.demo.svc.cluster.local:8080";

  private final DiscoveryModel model = new DiscoveryModel();
  private final ScrapeStore store = new ScrapeStore(Duration.ofMinutes(10), Duration.ofSeconds(5));
  private final MetricsQuery query =
      new MetricsQuery(
          model,
          new MeshSettings("cluster.local", "meshctl-system", "cluster.local"),
          (namespace, window) -> store.traffic(namespace, window, T0.plusSeconds(10)));

  @BeforeEach
  void threeWorkloadsAndTheirTraffic() {
    pod("web-5f7c9-abcde", "web", true);
    pod("books-1", "books", true);
    pod("authors-1", "authors", true);
    model.upsert(
        new PodRecord(
            new ObjectKey("demo", "legacy"),
            Optional.of("127.0.0.1"),
            "default",
            false,
            Optional.empty(),
            Set.of()));
    service("books", "books-1", 41001);
    service("authors", "authors-1", 41002);

    String toBooks = ProxyPage.http("outbound", BOOKS, "127.0.0.1:41001", true, "books" + SUFFIX);
    String toAuthors =
        ProxyPage.http("outbound", AUTHORS, "127.0.0.1:41002", true, "authors" + SUFFIX);
    String booksIn = ProxyPage.http("inbound", BOOKS, "127.0.0.1:9001", true, "web" + SUFFIX);
    String authorsIn = ProxyPage.http("inbound", AUTHORS, "127.0.0.1:9002", true, "web" + SUFFIX);
    for (int t : new int[] {0, 10}) {
      record(
          "web-5f7c9-abcde",
          "web",
          t,
          new ProxyPage()
              .responses(toBooks, 200, "success", 8 * t)
              .latency(toBooks, 200, 0, 8 * t) // all in (1, 5] ms
              .responses(toAuthors, 200, "success", 3 * t)
              .responses(toAuthors, 500, "failure", t)
              .latency(toAuthors, 200, 0, 0, 3 * t)
              .latency(toAuthors, 500, 0, 0, t)
              .tcp("outbound", "dst", "127.0.0.1:41001", 1)
              .route(BOOKS, "default", 200, "success", 8 * t)
              .route(AUTHORS, "GetAuthor", 200, "success", 3 * t)
              .route(AUTHORS, "GetAuthor", 500, "failure", t)
              .routeLatency(AUTHORS, "GetAuthor", 200, 0, 4 * t));
      record(
          "books-1",
          "books",
          t,
          new ProxyPage()
              .responses(booksIn, 200, "success", 8 * t)
              .latency(booksIn, 200, 0, 8 * t)
              .tcp("inbound", "src", "127.0.0.1:9001", 2)
              .tcp("inbound", "dst", "127.0.0.1:9001", 5));
      record(
          "authors-1",
          "authors",
          t,
          new ProxyPage()
              .responses(authorsIn, 200, "success", 3 * t)
              .responses(authorsIn, 500, "failure", t)
              .latency(authorsIn, 200, 0, 0, 0, 3 * t)); // (10, 50] ms
    }
  }

  @Test
  void stat_listsEveryDeploymentWithItsInboundGoldenMetrics() {
    StatView stat = query.stat("deploy", "demo", null, null, "1m");

    assertThat(stat.source()).isEqualTo("proxies");
    assertThat(stat.window()).isEqualTo("10s");
    assertThat(stat.note()).contains("only 10s of samples so far");
    assertThat(stat.rows())
        .extracting(StatView.Row::name)
        .containsExactly("authors", "books", "web");
    StatView.Row authors = stat.rows().get(0);
    assertThat(authors.rps()).isCloseTo(4.0, within(1e-9));
    assertThat(authors.successRate()).isCloseTo(0.75, within(1e-9));
    // 3 per second observed, all in (10, 50]: the median is half way through that bucket.
    assertThat(authors.latencyP50Ms()).isCloseTo(30.0, within(1e-9));
    StatView.Row books = stat.rows().get(1);
    assertThat(books)
        .isEqualTo(
            new StatView.Row("demo", "deployment", "books", 1, 1, 1.0, 8.0, 3.0, 4.8, 4.96, 2));
    StatView.Row web = stat.rows().get(2);
    assertThat(web.rps()).isZero();
    assertThat(web.successRate()).isNull();
    assertThat(web.latencyP99Ms()).isNull();
  }

  @Test
  void stat_to_isTheRowsOutboundTrafficTowardThatResource() {
    StatView stat = query.stat("deploy", "demo", null, "deploy/authors", "1m");

    StatView.Row web =
        stat.rows().stream().filter(r -> r.name().equals("web")).findFirst().orElseThrow();
    assertThat(web.rps()).isCloseTo(4.0, within(1e-9));
    assertThat(web.successRate()).isCloseTo(0.75, within(1e-9));
    assertThat(stat.rows())
        .filteredOn(r -> !r.name().equals("web"))
        .allSatisfy(r -> assertThat(r.rps()).isZero());
  }

  @Test
  void stat_from_isThatResourcesOutboundTrafficTowardEachRow() {
    StatView stat = query.stat("deploy", "demo", "deploy/web", null, null);

    assertThat(stat.rows())
        .extracting(StatView.Row::name, StatView.Row::rps, StatView.Row::tcpConnections)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("authors", 4.0, 0L),
            org.assertj.core.groups.Tuple.tuple("books", 8.0, 1L),
            org.assertj.core.groups.Tuple.tuple("web", 0.0, 0L));
  }

  @Test
  void stat_ofOnePod_ofNamespaces_andOfAuthorities() {
    assertThat(query.stat("po/books-1", "demo", null, null, null).rows())
        .singleElement()
        .satisfies(r -> assertThat(r.rps()).isEqualTo(8.0));
    assertThat(query.stat("ns", "ignored", null, null, null).rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("demo");
              assertThat(r.pods()).isEqualTo(4);
              assertThat(r.meshedPods()).isEqualTo(3);
              assertThat(r.rps()).isCloseTo(12.0, within(1e-9));
            });
    assertThat(query.stat("au", "demo", null, null, null).rows())
        .extracting(StatView.Row::name, StatView.Row::rps)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AUTHORS, 4.0),
            org.assertj.core.groups.Tuple.tuple(BOOKS, 8.0));
  }

  @Test
  void routes_areTheOutboundRouteMetrics_theDefaultRouteNamedAsSuch() {
    RoutesView routes = query.routes("deploy/web", "demo", null, "1m");

    assertThat(routes.rows())
        .extracting(RoutesView.Row::route, RoutesView.Row::authority, RoutesView.Row::rps)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GetAuthor", AUTHORS, 4.0),
            org.assertj.core.groups.Tuple.tuple("[DEFAULT]", BOOKS, 8.0));
    assertThat(routes.rows().get(0).successRate()).isCloseTo(0.75, within(1e-9));
    assertThat(routes.rows().get(0).latencyP50Ms()).isCloseTo(3.0, within(1e-9));
    assertThat(routes.rows().get(1).latencyP50Ms()).isNull();

    assertThat(query.routes("deploy/web", "demo", "authors", null).rows())
        .extracting(RoutesView.Row::route)
        .containsExactly("GetAuthor");
    assertThat(query.routes("deploy/web", "demo", BOOKS, null).rows())
        .extracting(RoutesView.Row::route)
        .containsExactly("[DEFAULT]");
  }

  @Test
  void edges_sayWhoCallsWhomWithTheirIdentities() {
    EdgesView edges = query.edges("deploy", "demo", null);

    assertThat(edges.rows())
        .containsExactly(
            new EdgesView.Edge(
                new EdgesView.End("demo", "deployment", "web"),
                new EdgesView.End("demo", "deployment", "authors"),
                "web" + SUFFIX,
                "authors" + SUFFIX,
                true,
                4.0),
            new EdgesView.Edge(
                new EdgesView.End("demo", "deployment", "web"),
                new EdgesView.End("demo", "deployment", "books"),
                "web" + SUFFIX,
                "books" + SUFFIX,
                true,
                8.0));
    assertThat(query.edges("deploy/books", "demo", null).rows()).hasSize(1);
  }

  @Test
  void badParameters_sayWhatIsWrong() {
    assertThatThrownBy(() -> query.stat("deployments", "demo", null, null, null))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith(
            "resource=\"deployments\": unknown resource type \"deployments\" (expected one of"
                + " namespace|ns, deployment|deploy,");
    assertThatThrownBy(() -> query.stat("deploy", "demo", null, null, "5 minutes"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("window \"5 minutes\" is not a duration such as 10s, 1m, 5m or 1h30m");
    assertThatThrownBy(() -> query.stat("deploy", "demo", null, null, "0s"))
        .hasMessage("window \"0s\" must be between 1s and 24h");
    assertThatThrownBy(() -> query.stat(null, "demo", null, null, null))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageStartingWith("parameter resource is required");
    assertThatThrownBy(() -> query.stat("deploy", "demo", "deploy/web", "deploy/books", null))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("from and to cannot be used together");
    assertThatThrownBy(() -> query.stat("deploy/Web!", "demo", null, null, null))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> query.routes("ns/demo", "demo", null, null))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void unknownNamespacesAndResources_areNotFound() {
    assertThatThrownBy(() -> query.stat("deploy", "nope", null, null, null))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessage("namespace \"nope\" not found");
    assertThatThrownBy(() -> query.stat("deploy", null, null, null, null))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessage("namespace \"default\" not found");
    assertThatThrownBy(() -> query.stat("deploy/nope", "demo", null, null, null))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessage("deployment \"nope\" not found in namespace \"demo\"");
    assertThatThrownBy(() -> query.stat("deploy", "demo", null, "deploy/nope", null))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessage("deployment \"nope\" not found in namespace \"demo\"");
    assertThatThrownBy(() -> query.routes("sts/db", "demo", null, null))
        .isInstanceOf(UnknownResourceException.class)
        .hasMessage("statefulset \"db\" not found in namespace \"demo\"");
  }

  private void pod(String name, String deployment, boolean meshed) {
    model.upsert(
        new PodRecord(
            new ObjectKey("demo", name),
            Optional.of("127.0.0.1"),
            deployment,
            meshed,
            Optional.of(new PodRecord.Workload("deployment", deployment)),
            Set.of()));
  }

  private void service(String name, String pod, int port) {
    model.upsert(
        new ServiceRecord(
            new ObjectKey("demo", name),
            Optional.empty(),
            List.of(new ServiceRecord.Port("grpc", 8080, "8080")),
            Set.of()));
    model.upsert(
        new EndpointSliceRecord(
            new ObjectKey("demo", name + "-1"),
            new ObjectKey("demo", name),
            List.of(
                new EndpointSliceRecord.Endpoint(
                    List.of("127.0.0.1"), true, true, false, Optional.of(pod))),
            List.of(new EndpointSliceRecord.Port("grpc", port))));
  }

  private void record(String pod, String deployment, int secondsAfterT0, ProxyPage page) {
    store.record(
        new PodRef("demo", pod, Optional.of(new PodRecord.Workload("deployment", deployment))),
        page.sampleAt(T0.plusSeconds(secondsAfterT0)));
  }
}
