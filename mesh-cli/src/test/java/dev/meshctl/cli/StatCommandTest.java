package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatCommandTest {

  static final String TWO_DEPLOYMENTS =
      """
      {"window": "1m", "source": "proxies",
       "rows": [{"namespace": "demo", "kind": "deployment", "name": "web",
                 "meshedPods": 1, "pods": 1,
                 "successRate": 0.931, "rps": 10.2,
                 "latencyP50Ms": 2.1, "latencyP95Ms": 8.0, "latencyP99Ms": 12.5,
                 "tcpConnections": 3, "addedLater": "ignored by tables"},
                {"namespace": "demo", "kind": "deployment", "name": "books",
                 "meshedPods": 1, "pods": 2,
                 "successRate": null, "rps": 0,
                 "latencyP50Ms": null, "latencyP95Ms": null, "latencyP99Ms": null,
                 "tcpConnections": 0}]}
      """;

  static final String NO_REQUESTS =
      """
      {"window": "1m", "source": "proxies",
       "rows": [{"namespace": "demo", "kind": "deployment", "name": "books",
                 "meshedPods": 1, "pods": 1, "successRate": null, "rps": 0,
                 "latencyP50Ms": null, "latencyP95Ms": null, "latencyP99Ms": null,
                 "tcpConnections": 0}]}
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

  private CommandRun stat(String... args) {
    String[] line = new String[args.length + 5];
    line[0] = "stat";
    System.arraycopy(args, 0, line, 1, args.length);
    line[args.length + 1] = "--api-addr";
    line[args.length + 2] = controller.url();
    line[args.length + 3] = "--meshctl-home";
    line[args.length + 4] = home.toString();
    return CommandRun.of(line);
  }

  @Test
  void table_showsGoldenMetrics_withDashesWhereThereWereNoRequests() {
    controller.answer("/api/v1/stat", 200, TWO_DEPLOYMENTS);

    CommandRun run = stat("deploy", "-n", "demo");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .isEqualTo(
            """
            NAME    MESHED   SUCCESS   RPS       LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN
            web     1/1      93.10%    10.2rps   2ms           8ms           13ms          3
            books   1/2      -         0.0rps    -             -             -             0
            """);
    assertThat(run.err).isEmpty();
  }

  @Test
  void sendsTheResourceNamespaceAndWindow_asTheContractSpellsThem() {
    controller.answer("/api/v1/stat", 200, TWO_DEPLOYMENTS);

    assertThat(stat("deployments/web", "-n", "demo").exitCode).isZero();
    assertThat(controller.lastQuery("/api/v1/stat"))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("resource", "deployment/web", "namespace", "demo", "window", "1m"));

    assertThat(stat("po", "--from", "deploy/traffic", "-t", "90s").exitCode).isZero();
    assertThat(controller.lastQuery("/api/v1/stat"))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "resource", "pod",
                "namespace", "default",
                "from", "deployment/traffic",
                "window", "90s"));

    assertThat(stat("au", "-n", "demo", "--to", "sts/db", "--time-window", "1h30m").exitCode)
        .isZero();
    assertThat(controller.lastQuery("/api/v1/stat"))
        .containsEntry("resource", "authority")
        .containsEntry("to", "statefulset/db")
        .containsEntry("window", "90m");
  }

  @Test
  void wide_addsTheKind() {
    controller.answer("/api/v1/stat", 200, TWO_DEPLOYMENTS);

    CommandRun run = stat("deploy", "-n", "demo", "-o", "wide");

    assertThat(run.exitCode).isZero();
    String[] lines = run.out.split("\n");
    assertThat(lines[0]).startsWith("NAME ").endsWith("TCP_CONN   KIND");
    assertThat(lines[1]).startsWith("web ").endsWith("3          deployment");
  }

  @Test
  void json_printsTheApiAnswerUnchanged() throws Exception {
    controller.answer("/api/v1/stat", 200, TWO_DEPLOYMENTS);

    CommandRun run = stat("deploy", "-n", "demo", "-o", "json");

    assertThat(run.exitCode).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(run.out)).isEqualTo(json.readTree(TWO_DEPLOYMENTS));
  }

  @Test
  void allNamespaces_asksEachNamespace_andAddsANamespaceColumn() {
    controller.answer(
        "/api/v1/namespaces",
        200,
        "[{\"name\": \"demo\", \"pods\": 4}, {\"name\": \"shop\", \"pods\": 1}]");
    controller.answerByQuery(
        "/api/v1/stat",
        query ->
            """
            {"window": "1m", "source": "proxies",
             "rows": [{"namespace": "%s", "kind": "deployment", "name": "front",
                       "meshedPods": 0, "pods": 1, "successRate": 1.0, "rps": 1.0,
                       "latencyP50Ms": 0.3, "latencyP95Ms": 1.0, "latencyP99Ms": 1.0,
                       "tcpConnections": null}]}
            """
                .formatted(query.get("namespace")));

    CommandRun run = stat("deploy", "-A");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .isEqualTo(
            """
            NAMESPACE   NAME    MESHED   SUCCESS   RPS      LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN
            demo        front   0/1      100.00%   1.0rps   <1ms          1ms           1ms           -
            shop        front   0/1      100.00%   1.0rps   <1ms          1ms           1ms           -
            """);
  }

  @Test
  void allNamespaces_asJson_isOneAnswerWithTheRowsOfEveryNamespace() throws Exception {
    controller.answer("/api/v1/namespaces", 200, "[{\"name\": \"demo\"}, {\"name\": \"shop\"}]");
    controller.answerByQuery(
        "/api/v1/stat",
        query -> TWO_DEPLOYMENTS.replace("\"demo\"", "\"" + query.get("namespace") + "\""));

    CommandRun run = stat("deploy", "-A", "-o", "json");

    assertThat(run.exitCode).as(run.toString()).isZero();
    JsonNode answer = new ObjectMapper().readTree(run.out);
    assertThat(answer.get("window").asText()).isEqualTo("1m");
    assertThat(answer.get("rows")).hasSize(4);
    assertThat(answer.get("rows").get(3).get("namespace").asText()).isEqualTo("shop");
  }

  @Test
  void onlyIdleResources_saysThatMetricsComeWithTraffic() {
    controller.answer("/api/v1/stat", 200, NO_REQUESTS);

    CommandRun run = stat("deploy", "-n", "demo");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("books   1/1");
    assertThat(run.err)
        .isEqualTo(
            "No requests in the last 1m yet: SUCCESS and LATENCY show '-' until traffic"
                + " arrives.\n");
  }

  @Test
  void theControllersNote_onAnIncompleteAnswer_goesToStderr() throws Exception {
    String withNote =
        TWO_DEPLOYMENTS.replace(
            "\"source\": \"proxies\",",
            "\"source\": \"proxies\", \"note\": \"only 20s of samples so far\",");
    controller.answer("/api/v1/stat", 200, withNote);

    CommandRun table = stat("deploy", "-n", "demo");
    CommandRun json = stat("deploy", "-n", "demo", "-o", "json");

    assertThat(table.err).isEqualTo("Note: only 20s of samples so far\n");
    assertThat(table.out).startsWith("NAME ");
    assertThat(json.err).isEmpty();
    assertThat(new ObjectMapper().readTree(json.out).get("note").asText())
        .isEqualTo("only 20s of samples so far");
  }

  @Test
  void noRows_saysNothingWasFound_andSucceeds() {
    controller.answer("/api/v1/stat", 200, "{\"window\": \"1m\", \"rows\": []}");

    CommandRun run = stat("sts", "-n", "demo");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).isEmpty();
    assertThat(run.err).isEqualTo("No statefulset found in namespace demo.\n");
  }

  @Test
  void unknownResourceType_isRejectedLocally_withTheValidTypes() {
    CommandRun run = stat("deploymnt/web");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err)
        .isEqualTo(
            "Error: unknown resource type \"deploymnt\": expected one of namespace (ns),"
                + " deployment (deploy), statefulset (sts), daemonset (ds), pod (po), authority"
                + " (au)\n");
    assertThat(controller.requests()).isEmpty();
  }

  @Test
  void badWindow_isAUsageError() {
    CommandRun run = stat("deploy", "-t", "a minute");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("'a minute' is not a time window");
    assertThat(controller.requests()).isEmpty();

    assertThat(stat("deploy", "-t", "0s").exitCode).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void fromAndTo_together_isAUsageError() {
    CommandRun run = stat("deploy", "--from", "deploy/a", "--to", "deploy/b");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).contains("--from and --to cannot be combined");
  }

  @Test
  void notFound_showsTheApisErrorText() {
    controller.answer("/api/v1/stat", 404, "{\"error\": \"deployment demo/nope not found\"}");

    CommandRun run = stat("deploy/nope", "-n", "demo");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).isEqualTo("Error: deployment demo/nope not found\n");
    assertThat(run.out).isEmpty();
  }

  @Test
  void badRequest_isAUsageError_withTheApisErrorText() {
    controller.answer("/api/v1/stat", 400, "{\"error\": \"window 30d is longer than 1h\"}");

    CommandRun run = stat("deploy", "-t", "30d");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err).isEqualTo("Error: window 30d is longer than 1h\n");
  }

  @Test
  void noDataSource_saysSo() {
    controller.answer("/api/v1/stat", 503, "{\"error\": \"no proxy answered its metrics scrape\"}");

    CommandRun run = stat("deploy", "-n", "demo");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err)
        .isEqualTo(
            "Error: the controller at "
                + controller.url()
                + " could not answer /api/v1/stat (503): no proxy answered its metrics scrape\n");
  }

  @Test
  void unreachableController_saysHowToStartTheMesh() throws Exception {
    String dead = FakeController.deadAddress();

    CommandRun run =
        CommandRun.of("stat", "deploy", "--api-addr", dead, "--meshctl-home", home.toString());

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err)
        .isEqualTo(
            "Error: cannot reach the controller at "
                + dead
                + ": is the mesh running? start it with ./meshctl demo\n");
  }

  @Test
  void controllerWithoutTheEndpoint_orWithoutJson_isAClearFailure() {
    CommandRun run = stat("deploy");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err)
        .isEqualTo(
            "Error: the controller at "
                + controller.url()
                + " does not serve /api/v1/stat (404): is it older than this meshctl?\n");

    controller.answer("/api/v1/stat", 200, "text/html", "<html>a dashboard</html>");
    run = stat("deploy");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).startsWith("Error: ").contains("not JSON").doesNotContain("Exception");
  }

  @Test
  void help_hasExamples() {
    CommandRun run = CommandRun.of("stat", "--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("Examples:")
        .contains("meshctl stat deploy -n demo")
        .contains("--time-window")
        .contains("table, wide, json");
  }
}
