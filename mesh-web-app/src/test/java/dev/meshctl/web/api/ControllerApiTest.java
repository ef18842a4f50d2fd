package dev.meshctl.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meshctl.web.DemoAnswers;
import dev.meshctl.web.FakeController;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller client against a real HTTP server answering the documented JSON. */
class ControllerApiTest {

  private FakeController controller;
  private ControllerApi api;

  @BeforeEach
  void start() throws Exception {
    controller = new FakeController();
    DemoAnswers.install(controller);
    api = new ControllerApi(controller.uri(), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  @Test
  void readsNamespacesAndWorkloads() {
    List<Namespace> namespaces = api.namespaces().join();
    List<Workload> workloads = api.workloads("demo").join();

    assertThat(namespaces).extracting(Namespace::name).containsExactly("demo", "quiet");
    assertThat(namespaces.get(0).meshedPods()).isEqualTo(3);
    assertThat(workloads)
        .extracting(Workload::name)
        .containsExactly("web", "books", "authors", "traffic");
    assertThat(workloads.get(3).pods().get(0).identity()).isNull();
    assertThat(workloads.get(0).pods().get(0).identity()).startsWith("web.demo.");
  }

  @Test
  void readsStatRoutesAndEdges_withNullsWhereThereWasNoRequest() {
    MetricsAnswer<StatRow> stat = api.stat("demo", "deployment", null).join();
    MetricsAnswer<RouteRow> routes = api.routes("demo", "deployment/books").join();
    MetricsAnswer<EdgeRow> edges = api.edges("demo", "deployment/books").join();

    assertThat(stat.window()).isEqualTo("1m");
    StatRow traffic = stat.rows().get(3);
    assertThat(traffic.name()).isEqualTo("traffic");
    assertThat(traffic.successRate()).isNull();
    assertThat(traffic.latencyP99Ms()).isNull();
    assertThat(stat.rows().get(2).successRate()).isEqualTo(0.8);
    assertThat(routes.rows())
        .extracting(RouteRow::route)
        .containsExactly("get-author", DemoAnswers.HOSTILE_ROUTE);
    assertThat(edges.rows().get(0).src().name()).isEqualTo("web");
    assertThat(edges.rows().get(0).secured()).isTrue();
  }

  @Test
  void controllersOwnError_isAControllerErrorWithItsWords() {
    Throwable failure = catchThrowable(() -> api.workloads("nope").join());

    assertThat(failure).isInstanceOf(CompletionException.class);
    assertThat(failure.getCause())
        .isInstanceOf(ControllerErrorException.class)
        .hasMessage("fake controller has no answer for /api/v1/namespaces/nope/workloads");
    assertThat(((ControllerErrorException) failure.getCause()).status()).isEqualTo(404);
  }

  @Test
  void serverError_countsAsUnreachable_withTheStatusAndText() {
    controller.answer("/api/v1/namespaces", Map.of(), 503, "{\"error\":\"discovery not synced\"}");

    Throwable failure = catchThrowable(() -> api.namespaces().join());

    assertThat(failure.getCause())
        .isInstanceOf(ControllerUnreachableException.class)
        .hasMessageContaining("answered HTTP 503: discovery not synced");
  }

  @Test
  void closedPort_isUnreachable_namingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ControllerApi nowhere =
        new ControllerApi(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));

    Throwable failure = catchThrowable(() -> nowhere.namespaces().join());

    assertThat(failure.getCause())
        .isInstanceOf(ControllerUnreachableException.class)
        .hasMessageStartingWith(
            "the controller at http://127.0.0.1:" + port + " cannot be reached (");
  }

  @Test
  void answerThatIsNotTheDocumentedJson_saysSo() {
    controller.answer("/api/v1/namespaces", "<html>a proxy's login page</html>");

    Throwable failure = catchThrowable(() -> api.namespaces().join());

    assertThat(failure.getCause())
        .isInstanceOf(ControllerUnreachableException.class)
        .hasMessageContaining("JSON this dashboard cannot read");
  }

  @Test
  void tapRefusedByTheController_isItsErrorText() {
    controller.answer(
        "/api/v1/tap",
        Map.of("resource", "cronjob/x", "namespace", "demo"),
        400,
        "{\"error\":\"resource: unknown resource type \\\"cronjob\\\"\"}");

    Throwable failure =
        catchThrowable(() -> api.tap(new TapQuery("demo", "cronjob/x", " ", null)).join());

    assertThat(failure.getCause())
        .isInstanceOf(ControllerErrorException.class)
        .hasMessage("resource: unknown resource type \"cronjob\"");
  }
}
