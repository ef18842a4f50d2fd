package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshctl.identity.ca.CaDirectory;
import dev.meshctl.identity.ca.CaGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meshctl check} against a local mesh folder made in the test: real HTTP servers stand in
 * for the controller, the identity service, the dashboard and the proxies; the CA is a real one;
 * processes are this JVM (alive) and a process that has exited.
 */
class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private FakeController controller;
  private FakeController identity;
  private FakeController dashboard;
  private FakeController proxy;
  private ObjectNode mesh;

  @BeforeEach
  void startTheMesh() throws Exception {
    controller = FakeController.start();
    controller.answer("/api/v1/version", 200, "{\"version\": \"" + BuildInfo.version() + "\"}");
    controller.answer("/actuator/health/readiness", 200, "{\"status\": \"UP\"}");
    identity = FakeController.start();
    identity.answer("/actuator/health/readiness", 200, "{\"status\": \"UP\"}");
    dashboard = FakeController.start();
    dashboard.answer("/", 200, "text/html", "<html>meshctl</html>");
    proxy = FakeController.start();
    proxy.answer("/ready", 200, "text/plain", "ready\n");
    writeCa(Duration.ofDays(365));

    long alive = ProcessHandle.current().pid();
    mesh = JSON.createObjectNode();
    mesh.put("version", BuildInfo.version())
        .put("startedAt", "2026-12-06T04:00:00Z")
        .put("ready", true)
        .put("demoPid", alive)
        .put("controllerApi", controller.url())
        .put("controllerAdmin", controller.url())
        .put("identityAdmin", identity.url())
        .put("webUrl", dashboard.url())
        .put("caDir", home.resolve("local/ca").toString())
        .put("addedByALaterVersion", true);
    ArrayNode processes = mesh.putArray("processes");
    processes
        .addObject()
        .put("name", "controller")
        .put("pid", alive)
        .put("log", "/logs/controller.log");
    processes
        .addObject()
        .put("name", "identity")
        .put("pid", alive)
        .put("log", "/logs/identity.log");
    processes
        .addObject()
        .put("name", "web-proxy")
        .put("pid", alive)
        .put("log", "/logs/web-proxy.log")
        .put("proxyAdmin", proxy.url());
  }

  @AfterEach
  void stopTheMesh() {
    Stream.of(controller, identity, dashboard, proxy).forEach(FakeController::close);
  }

  private void writeCa(Duration issuerLifetime) throws Exception {
    Path ca = home.resolve("local/ca");
    new CaDirectory(ca)
        .write(
            new CaGenerator(Clock.systemUTC())
                .generate("cluster.local", "meshctl-system", Duration.ofDays(3650), issuerLifetime),
            true);
  }

  private void writeMeshFile() throws Exception {
    Files.createDirectories(home.resolve("local"));
    Files.writeString(home.resolve("local/mesh.json"), JSON.writeValueAsString(mesh));
  }

  private CommandRun check(String... args) {
    String[] line = new String[args.length + 3];
    line[0] = "check";
    System.arraycopy(args, 0, line, 1, args.length);
    line[args.length + 1] = "--meshctl-home";
    line[args.length + 2] = home.toString();
    return CommandRun.of(line);
  }

  private static long exitedPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  @Test
  void aHealthyLocalMesh_passesEveryCheck() throws Exception {
    writeMeshFile();

    CommandRun run = check();

    assertThat(run.exitCode).as(run.toString()).isZero();
    long pid = ProcessHandle.current().pid();
    Path meshFile = home.resolve("local/mesh.json");
    assertThat(run.out)
        .isEqualTo(
            String.join(
                "\n",
                "Local mesh (" + meshFile + ")",
                "-".repeat(("Local mesh (" + meshFile + ")").length()),
                "√ the local mesh file " + meshFile + " is readable",
                "√ the local mesh has finished starting",
                "√ meshctl demo (pid " + pid + ") is running",
                "√ the process controller (pid " + pid + ") is running",
                "√ the process identity (pid " + pid + ") is running",
                "√ the process web-proxy (pid " + pid + ") is running",
                "√ the controller API answers at " + controller.url(),
                "√ the controller is ready",
                "√ the identity service is ready",
                "√ the dashboard answers",
                "√ the proxy web-proxy is ready",
                "√ the issuer certificate in "
                    + home.resolve("local/ca")
                    + " is valid for at least a day",
                "√ the client and the control plane have the same version",
                "",
                "Status check results are √",
                ""));
    assertThat(identity.requests())
        .extracting(uri -> uri.getPath())
        .containsExactly("/actuator/health/readiness");
  }

  @Test
  void deadProcesses_unreadyComponents_andUnreachableProxies_failWithHints() throws Exception {
    long dead = exitedPid();
    ((ObjectNode) mesh.get("processes").get(2)).put("pid", dead);
    ((ArrayNode) mesh.get("processes"))
        .addObject()
        .put("name", "books-proxy")
        .put("pid", ProcessHandle.current().pid())
        .put("log", "/logs/books-proxy.log")
        .put("proxyAdmin", FakeController.deadAddress());
    identity.answer("/actuator/health/readiness", 503, "{\"status\": \"OUT_OF_SERVICE\"}");
    writeMeshFile();

    CommandRun run = check("--local");

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    List<String> lines = run.out.lines().toList();
    assertThat(lines)
        .containsSubsequence(
            "× the process web-proxy (pid " + dead + ") is running",
            "    it has exited; see its log /logs/web-proxy.log; restart the mesh with ./meshctl"
                + " demo");
    assertThat(lines)
        .containsSubsequence(
            "× the identity service is ready",
            "    GET "
                + identity.url()
                + "/actuator/health/readiness answered 503 {\"status\": \"OUT_OF_SERVICE\"}; see"
                + " its log /logs/identity.log");
    int proxyLine = lines.indexOf("× the proxy books-proxy is ready");
    assertThat(proxyLine).as(run.out).isPositive();
    assertThat(lines.get(proxyLine + 1)).contains("connection refused").contains("/ready");
    assertThat(lines).contains("√ the proxy web-proxy is ready", "√ the controller is ready");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("Status check results are ×: 3 of 15 checks failed");
  }

  @Test
  void anIssuerExpiringWithinADay_fails() throws Exception {
    writeCa(Duration.ofHours(12));
    writeMeshFile();

    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    List<String> lines = run.out.lines().toList();
    int issuer =
        lines.indexOf(
            "× the issuer certificate in "
                + home.resolve("local/ca")
                + " is valid for at least a day");
    assertThat(issuer).as(run.out).isPositive();
    assertThat(lines.get(issuer + 1)).startsWith("    it expires at ").contains("create-ca");
  }

  @Test
  void aMissingCa_failsWithTheFileThatIsMissing() throws Exception {
    mesh.put("caDir", home.resolve("nowhere").toString());
    writeMeshFile();

    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).contains("× the issuer certificate in " + home.resolve("nowhere"));
    assertThat(run.out).contains(home.resolve("nowhere").toString() + "/");
  }

  @Test
  void aDashboardWithoutAFirstPage_answers_butOneWithAServerError_doesNot() throws Exception {
    dashboard.answer("/", 404, "{\"status\": 404, \"error\": \"Not Found\"}");
    writeMeshFile();

    CommandRun notFound = check();

    assertThat(notFound.exitCode).as(notFound.toString()).isZero();
    assertThat(notFound.out).contains("√ the dashboard answers");

    dashboard.answer("/", 500, "{\"error\": \"broken\"}");
    CommandRun broken = check();

    assertThat(broken.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(broken.out.lines().toList())
        .containsSubsequence(
            "× the dashboard answers",
            "    GET " + dashboard.url() + " answered 500 {\"error\": \"broken\"}");
  }

  @Test
  void aMeshStillStarting_andAGoneDemoProcess_fail() throws Exception {
    long dead = exitedPid();
    mesh.put("ready", false).put("demoPid", dead);
    writeMeshFile();

    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out.lines().toList())
        .containsSubsequence(
            "× the local mesh has finished starting",
            "    it is still starting: wait until ./meshctl demo prints that the local mesh is"
                + " ready",
            "× meshctl demo (pid " + dead + ") is running",
            "    it has exited without stopping the mesh: clean up with ./meshctl demo --down,"
                + " then start it again");
  }

  @Test
  void aMeshFileWithoutDemoPid_isCheckedWithoutIt() throws Exception {
    mesh.remove("demoPid");
    writeMeshFile();

    CommandRun run = check();

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("finished starting").doesNotContain("meshctl demo (pid");
  }

  @Test
  void aControlPlaneOfAnotherVersion_fails() throws Exception {
    controller.answer("/api/v1/version", 200, "{\"version\": \"9.9.9\"}");
    writeMeshFile();

    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out.lines().toList())
        .containsSubsequence(
            "× the client and the control plane have the same version",
            "    meshctl is "
                + BuildInfo.version()
                + " but the control plane is 9.9.9: use the meshctl of the control plane's build");
  }

  @Test
  void local_withoutAMeshFile_saysHowToStartOne() {
    CommandRun run = check("--local");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out.lines().toList())
        .containsSubsequence(
            "× the local mesh file " + home.resolve("local/mesh.json") + " is readable",
            "    no local mesh is running: start one with ./meshctl demo",
            "Status check results are ×: 1 of 1 checks failed");
  }

  @Test
  void anUnreadableMeshFile_failsWithWhy() throws Exception {
    Files.createDirectories(home.resolve("local"));
    Files.writeString(home.resolve("local/mesh.json"), "{\"processes\": 12");

    CommandRun run = check();

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(run.out).contains("is not a local mesh file");
    assertThat(run.err).isEmpty();
  }

  @Test
  void withoutALocalMesh_checksTheControllerAtTheGivenAddress() throws Exception {
    CommandRun up = check("--api-addr", controller.url());

    assertThat(up.exitCode).as(up.toString()).isZero();
    assertThat(up.out)
        .startsWith("Control plane (" + controller.url() + ")")
        .contains("√ the controller API answers at " + controller.url())
        .contains("√ the client and the control plane have the same version");

    String dead = FakeController.deadAddress();
    CommandRun down = check("--api-addr", dead);

    assertThat(down.exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(down.out.lines().toList())
        .containsSubsequence(
            "× the controller API answers at " + dead,
            "    cannot reach the controller at "
                + dead
                + ": is the mesh running? start it with ./meshctl demo");
  }

  @Test
  void json_listsEveryCheck() throws Exception {
    mesh.put("identityAdmin", FakeController.deadAddress());
    writeMeshFile();

    CommandRun run = check("-o", "json");

    assertThat(run.exitCode).isEqualTo(ExitCodes.FAILED);
    JsonNode report = JSON.readTree(run.out);
    assertThat(report.get("success").asBoolean()).isFalse();
    assertThat(report.get("checks")).hasSize(13);
    JsonNode failed = report.get("checks").get(8);
    assertThat(failed.get("name").asText()).isEqualTo("the identity service is ready");
    assertThat(failed.get("success").asBoolean()).isFalse();
    assertThat(failed.get("hint").asText()).contains("connection refused");
    assertThat(report.get("checks").get(0).has("hint")).isFalse();
  }

  @Test
  void help_saysWhatIsChecked_locallyAndOnKubernetes() {
    CommandRun run = CommandRun.of("check", "--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("--local").contains("Kubernetes").contains("Examples:");
  }
}
