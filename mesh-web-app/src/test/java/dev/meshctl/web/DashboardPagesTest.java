package dev.meshctl.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Renders every page of the running app (real HTTP server on a random port) against a real HTTP
 * server answering the controller's documented JSON, and checks the DOM contract the browser tests
 * rely on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardPagesTest {

  private static final Instant ISSUER_EXPIRY = Instant.parse("2027-06-01T00:00:00Z");
  private static final FakeController CONTROLLER = start();
  private static final FakeController CONTROLLER_ADMIN = start();
  private static final FakeController IDENTITY_ADMIN = start();

  static {
    DemoAnswers.install(CONTROLLER);
    CONTROLLER_ADMIN.answer("/actuator/health", "{\"status\":\"UP\"}");
    IDENTITY_ADMIN.answer("/actuator/health", Map.of(), 503, "{\"status\":\"DOWN\"}");
    IDENTITY_ADMIN.answer(
        "/actuator/prometheus",
        "# TYPE identity_issuer_expiration_timestamp_seconds gauge\n"
            + "identity_issuer_expiration_timestamp_seconds "
            + ISSUER_EXPIRY.getEpochSecond()
            + ".0\n");
  }

  @DynamicPropertySource
  static void controller(DynamicPropertyRegistry registry) {
    registry.add("mesh.web.controller-api", () -> CONTROLLER.uri().toString());
    registry.add("mesh.web.controller-admin", () -> CONTROLLER_ADMIN.uri().toString());
    registry.add("mesh.web.identity-admin", () -> IDENTITY_ADMIN.uri().toString());
    registry.add("management.server.port", () -> "0");
  }

  @AfterAll
  static void stop() {
    CONTROLLER.close();
    CONTROLLER_ADMIN.close();
    IDENTITY_ADMIN.close();
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void overview_listsNamespacesWithTheirNumbers_andTheControlPlane() throws Exception {
    Document page = get("/", 200);

    Element demo = page.selectFirst("main#content table#namespaces tr[data-namespace=demo]");
    assertThat(demo).isNotNull();
    assertThat(demo.selectFirst("td.meshed").text()).isEqualTo("3/4");
    assertThat(demo.selectFirst("td.success").text()).isEqualTo("93.10%");
    assertThat(demo.selectFirst("td.rps").text()).isEqualTo("10.2rps");
    assertThat(demo.selectFirst("td.p99").text()).isEqualTo("12ms");
    assertThat(demo.selectFirst("a").attr("href")).isEqualTo("/namespaces/demo");
    Element quiet = page.selectFirst("tr[data-namespace=quiet]");
    assertThat(quiet.selectFirst("td.meshed").text()).isEqualTo("0/1");
    assertThat(quiet.selectFirst("td.success").text()).isEqualTo("-");
    assertThat(quiet.selectFirst("td.p99").text()).isEqualTo("-");

    Element plane = page.selectFirst("#control-plane");
    assertThat(plane.selectFirst("[data-component=controller] .health").text()).isEqualTo("up");
    assertThat(plane.selectFirst("[data-component=identity] .health").text()).isEqualTo("down");
    assertThat(plane.selectFirst("[data-component=identity] .cert-expiry").text())
        .contains(ISSUER_EXPIRY.toString());
    assertThat(page.selectFirst("#controller-unreachable")).isNull();
  }

  @Test
  void namespace_showsEveryWorkload_marksThoseBelowTarget_andLinksToThem() throws Exception {
    Document page = get("/namespaces/demo", 200);

    Element table = page.selectFirst("main#content table#workloads");
    assertThat(table.select("tbody tr")).hasSize(4);
    Element authors = table.selectFirst("tr[data-workload=authors]");
    assertThat(authors.hasClass("below-target")).isTrue();
    assertThat(authors.selectFirst("td.success").text()).isEqualTo("80.00%");
    assertThat(authors.selectFirst("td.rps").text()).isEqualTo("4.5rps");
    assertThat(authors.selectFirst("td.p50").text()).isEqualTo("1ms");
    assertThat(authors.selectFirst("td.p95").text()).isEqualTo("2ms");
    assertThat(authors.selectFirst("td.p99").text()).isEqualTo("3ms");
    assertThat(authors.selectFirst("td.meshed").text()).isEqualTo("1/1");
    assertThat(authors.selectFirst("a").attr("href"))
        .isEqualTo("/namespaces/demo/deployment/authors");
    Element books = table.selectFirst("tr[data-workload=books]");
    assertThat(books.hasClass("below-target")).isFalse();
    Element traffic = table.selectFirst("tr[data-workload=traffic]");
    assertThat(traffic.selectFirst("td.meshed").text()).isEqualTo("0/1");
    assertThat(traffic.selectFirst("td.success").text()).isEqualTo("-");
    assertThat(traffic.hasClass("below-target")).isFalse();
    assertThat(table.select("thead th[data-sort]")).hasSize(7);
    assertThat(page.selectFirst("main#content").attr("data-refresh")).isEqualTo("5");
    assertThat(page.select("script[src]").eachAttr("src")).contains("/js/live.js", "/js/sort.js");
  }

  @Test
  void workload_showsRoutesEdgesPodsAndCharts() throws Exception {
    Document page = get("/namespaces/demo/deployment/books", 200);

    Element route = page.selectFirst("table#routes tr[data-route=get-author]");
    assertThat(route.selectFirst("td.success").text()).isEqualTo("80.00%");
    assertThat(route.selectFirst("td.rps").text()).isEqualTo("4.5rps");
    assertThat(route.selectFirst("td.p99").text()).isEqualTo("3ms");
    Element out = page.selectFirst("table#edges-out tr[data-peer=authors]");
    assertThat(out.selectFirst("td.client-id").text()).startsWith("books.demo.serviceaccount");
    assertThat(out.selectFirst("td.server-id").text()).startsWith("authors.demo.serviceaccount");
    assertThat(out.selectFirst("td.secured").text()).isEqualTo("yes");
    Element in = page.selectFirst("table#edges-in tr[data-peer=web]");
    assertThat(in.selectFirst("td.client-id").text()).startsWith("web.demo.serviceaccount");
    assertThat(page.select("table#edges-out tbody tr")).hasSize(1);
    assertThat(page.select("table#edges-in tbody tr")).hasSize(1);
    assertThat(page.select("#pods [data-pod]").eachAttr("data-pod")).containsExactly("books-1");
    assertThat(page.selectFirst("svg#chart-success")).isNotNull();
    assertThat(page.selectFirst("svg#chart-latency")).isNotNull();
    assertThat(page.selectFirst("#workload-stat").attr("data-success")).isEqualTo("0.99");
  }

  @Test
  void workload_unknownToTheController_says404InWords() throws Exception {
    Document page = get("/namespaces/demo/deployment/nope", 404);

    assertThat(page.selectFirst("#controller-error").text())
        .isEqualTo("deployment \"nope\" not found in namespace \"demo\"");
    assertThat(page.selectFirst("table#routes")).isNull();
  }

  @Test
  void routeNameWithMarkup_isShownAsText_neverAsMarkup() throws Exception {
    String html = body("/namespaces/demo/deployment/books", 200);
    Document page = Jsoup.parse(html);

    assertThat(page.select("td.route").eachText()).contains(DemoAnswers.HOSTILE_ROUTE);
    assertThat(page.select("script").eachAttr("src"))
        .hasSize(page.select("script").size()); // every script is ours, loaded by src
    assertThat(page.select("script").stream().filter(s -> s.data().contains("alert"))).isEmpty();
    assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert");
  }

  @Test
  void topology_drawsEveryWorkloadAndLabelledEdge() throws Exception {
    Document page = get("/namespaces/demo/topology", 200);

    Element svg = page.selectFirst("main#content svg#topology");
    assertThat(svg.select("g.node").eachAttr("data-name"))
        .containsExactlyInAnyOrder("web", "books", "authors", "traffic");
    assertThat(svg.select("g.edge")).hasSize(3);
    Element edge = svg.selectFirst("g.edge[data-src=books][data-dst=authors]");
    assertThat(edge.selectFirst("text").text()).isEqualTo("4.5rps 80.00%");
    assertThat(svg.selectFirst("g.edge[data-src=traffic][data-dst=web]").hasClass("plaintext"))
        .isTrue();
  }

  @Test
  void tapPage_hasTheFormAndAnEmptyTable() throws Exception {
    Document page = get("/namespaces/demo/tap?resource=deploy/web", 200);

    Element form = page.selectFirst("main#content form#tap-form");
    assertThat(form.selectFirst("input[name=resource]").val()).isEqualTo("deploy/web");
    assertThat(form.selectFirst("input[name=method]")).isNotNull();
    assertThat(form.selectFirst("input[name=path]")).isNotNull();
    assertThat(form.selectFirst("#tap-start")).isNotNull();
    assertThat(form.selectFirst("#tap-stop")).isNotNull();
    assertThat(page.selectFirst("table#tap-rows tbody")).isNotNull();
    assertThat(page.selectFirst("#controller-unreachable")).isNull();
  }

  @Test
  void staticScripts_areServed() throws Exception {
    for (String script : new String[] {"live", "sort", "chart", "tap"}) {
      assertThat(body("/js/" + script + ".js", 200)).contains("use strict");
    }
  }

  private Document get(String path, int status) throws Exception {
    return Jsoup.parse(body(path, status));
  }

  private String body(String path, int status) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(status);
    return response.body();
  }

  private static FakeController start() {
    try {
      return new FakeController();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
