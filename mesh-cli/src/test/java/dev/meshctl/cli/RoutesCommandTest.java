package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesCommandTest {

  static final String ROUTES =
      """
      {"window": "1m", "source": "proxies",
       "rows": [{"route": "GetAuthor", "authority": "authors.demo.svc.cluster.local:8080",
                 "successRate": 0.8, "rps": 3.1, "latencyP50Ms": 1.0, "latencyP95Ms": 3.0,
                 "latencyP99Ms": 4.0},
                {"route": "[DEFAULT]", "authority": "authors.demo.svc.cluster.local:8080",
                 "successRate": null, "rps": 0.0, "latencyP50Ms": null, "latencyP95Ms": null,
                 "latencyP99Ms": null}]}
      """;

  @TempDir Path home;

  private FakeController controller;

  @BeforeEach
  void startController() throws Exception {
    controller = FakeController.start();
  }

  @AfterEach
  void stopController() {
    controller.close();
  }

  private CommandRun routes(String... args) {
    String[] line = new String[args.length + 5];
    line[0] = "routes";
    System.arraycopy(args, 0, line, 1, args.length);
    line[args.length + 1] = "--api-addr";
    line[args.length + 2] = controller.url();
    line[args.length + 3] = "--meshctl-home";
    line[args.length + 4] = home.toString();
    return CommandRun.of(line);
  }

  @Test
  void table_showsEachRoute_andTheDefaultRoute() {
    controller.answer("/api/v1/routes", 200, ROUTES);

    CommandRun run = routes("deploy/books", "-n", "demo");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .isEqualTo(
            """
            ROUTE       AUTHORITY                             SUCCESS   RPS      LATENCY_P50   LATENCY_P95   LATENCY_P99
            GetAuthor   authors.demo.svc.cluster.local:8080   80.00%    3.1rps   1ms           3ms           4ms
            [DEFAULT]   authors.demo.svc.cluster.local:8080   -         0.0rps   -             -             -
            """);
    assertThat(controller.lastQuery("/api/v1/routes"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("resource", "deployment/books", "namespace", "demo", "window", "1m"));
  }

  @Test
  void toAndWindow_reachTheApi() {
    controller.answer("/api/v1/routes", 200, ROUTES);

    assertThat(
            routes(
                    "deploy/books",
                    "-n",
                    "demo",
                    "--to",
                    "authors.demo.svc.cluster.local:8080",
                    "-t",
                    "5m")
                .exitCode)
        .isZero();

    assertThat(controller.lastQuery("/api/v1/routes"))
        .containsEntry("to", "authors.demo.svc.cluster.local:8080")
        .containsEntry("window", "5m");
  }

  @Test
  void json_printsTheApiAnswerUnchanged() throws Exception {
    controller.answer("/api/v1/routes", 200, ROUTES);

    CommandRun run = routes("deploy/books", "-n", "demo", "-o", "json");

    assertThat(run.exitCode).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(run.out)).isEqualTo(json.readTree(ROUTES));
  }

  @Test
  void theControllersNote_followsTheTable_onStderr() {
    controller.answer(
        "/api/v1/routes",
        200,
        ROUTES.replace(
            "\"source\": \"proxies\",",
            "\"source\": \"proxies\", \"note\": \"only 5s of samples so far\","));

    CommandRun run = routes("deploy/books", "-n", "demo");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("ROUTE ");
    assertThat(run.err).isEqualTo("Note: only 5s of samples so far\n");
  }

  @Test
  void noRoutes_saysThereWereNoRequests() {
    controller.answer("/api/v1/routes", 200, "{\"window\": \"1m\", \"rows\": []}");

    CommandRun run = routes("deploy/web", "-n", "demo");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .isEqualTo("No requests from deployment/web in namespace demo in the last 1m.\n");
  }

  @Test
  void errors_areOneLine_withTheRightExitCode() throws Exception {
    controller.answer("/api/v1/routes", 404, "{\"error\": \"deployment demo/nope not found\"}");

    CommandRun notFound = routes("deploy/nope", "-n", "demo");
    assertThat(notFound.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(notFound.err).isEqualTo("Error: deployment demo/nope not found\n");

    CommandRun unknownType = routes("service/web");
    assertThat(unknownType.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(unknownType.err).startsWith("Error: unknown resource type \"service\"");

    CommandRun emptyName = routes("deploy/");
    assertThat(emptyName.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(emptyName.err).contains("has no name after the '/'");

    String dead = FakeController.deadAddress();
    CommandRun unreachable =
        CommandRun.of(
            "routes", "deploy/web", "--api-addr", dead, "--meshctl-home", home.toString());
    assertThat(unreachable.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(unreachable.err).contains("cannot reach the controller at " + dead);
  }
}
