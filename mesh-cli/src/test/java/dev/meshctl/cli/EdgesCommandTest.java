package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgesCommandTest {

  static final String EDGES =
      """
      {"rows": [{"src": {"namespace": "demo", "kind": "deployment", "name": "web"},
                 "dst": {"namespace": "demo", "kind": "deployment", "name": "books"},
                 "clientId": "web.demo.serviceaccount.identity.meshctl-system.cluster.local",
                 "serverId": "books.demo.serviceaccount.identity.meshctl-system.cluster.local",
                 "secured": true, "rps": 4.0},
                {"src": {"namespace": "demo", "kind": "deployment", "name": "traffic"},
                 "dst": {"namespace": "demo", "kind": "deployment", "name": "web"},
                 "clientId": null, "serverId": null,
                 "secured": false, "rps": 10.0}]}
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

  private CommandRun edges(String... args) {
    String[] line = new String[args.length + 5];
    line[0] = "edges";
    System.arraycopy(args, 0, line, 1, args.length);
    line[args.length + 1] = "--api-addr";
    line[args.length + 2] = controller.url();
    line[args.length + 3] = "--meshctl-home";
    line[args.length + 4] = home.toString();
    return CommandRun.of(line);
  }

  @Test
  void table_marksMutualTls() {
    controller.answer("/api/v1/edges", 200, EDGES);

    CommandRun run = edges("deploy", "-n", "demo");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .isEqualTo(
            """
            SRC       DST     SRC_NS   DST_NS   SECURED
            web       books   demo     demo     √
            traffic   web     demo     demo     ×
            """);
    assertThat(controller.lastQuery("/api/v1/edges"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("resource", "deployment", "namespace", "demo"));
  }

  @Test
  void wide_addsTheIdentitiesAndTheRate() {
    controller.answer("/api/v1/edges", 200, EDGES);

    CommandRun run = edges("deployments", "-n", "demo", "-o", "wide");

    assertThat(run.exitCode).isZero();
    String[] lines = run.out.split("\n");
    assertThat(lines[0].split(" +"))
        .containsExactly(
            "SRC", "DST", "SRC_NS", "DST_NS", "SECURED", "CLIENT_ID", "SERVER_ID", "RPS");
    assertThat(lines[1].split(" +"))
        .containsExactly(
            "web",
            "books",
            "demo",
            "demo",
            "√",
            "web.demo.serviceaccount.identity.meshctl-system.cluster.local",
            "books.demo.serviceaccount.identity.meshctl-system.cluster.local",
            "4.0rps");
    assertThat(lines[2].split(" +"))
        .containsExactly("traffic", "web", "demo", "demo", "×", "-", "-", "10.0rps");
  }

  @Test
  void json_printsTheApiAnswerUnchanged() throws Exception {
    controller.answer("/api/v1/edges", 200, EDGES);

    CommandRun run = edges("deploy", "-n", "demo", "-o", "json");

    assertThat(run.exitCode).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(run.out)).isEqualTo(json.readTree(EDGES));
  }

  @Test
  void aNamedResource_isAUsageError() {
    CommandRun run = edges("deploy/web", "-n", "demo");

    assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err)
        .isEqualTo(
            "Error: edges takes a resource type, not a resource: try 'meshctl edges deployment -n"
                + " demo'\n");
    assertThat(controller.requests()).isEmpty();
  }

  @Test
  void noEdges_saysWhenTheyAppear() {
    controller.answer("/api/v1/edges", 200, "{\"rows\": []}");

    CommandRun run = edges("po", "-n", "demo");

    assertThat(run.exitCode).isZero();
    assertThat(run.err).contains("No edges between pod resources in namespace demo");
  }

  @Test
  void answerWithoutRows_isAClearFailure() {
    controller.answer("/api/v1/edges", 200, "{\"edges\": []}");

    CommandRun run = edges("deploy", "-n", "demo");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err).isEqualTo("Error: the controller's answer to edges has no rows\n");
  }
}
