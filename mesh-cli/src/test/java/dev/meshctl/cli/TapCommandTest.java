package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code meshctl tap} against a real HTTP server streaming the controller's NDJSON lines. */
class TapCommandTest {

  static final String TAPPING = "{\"type\":\"tapping\",\"pods\":[\"web-1\",\"web-2\"]}";
  static final String REQUEST =
      "{\"type\":\"request\",\"id\":\"web-1:12\",\"pod\":\"web-1\",\"direction\":\"outbound\","
          + "\"source\":\"127.0.0.1:51234\",\"destination\":\"127.0.0.1:4143\","
          + "\"sourceIdentity\":\"web.demo.serviceaccount.identity.meshctl-system.cluster.local\","
          + "\"destinationIdentity\":\"books.demo.serviceaccount.identity.meshctl-system.cluster.local\","
          + "\"tls\":true,\"method\":\"GET\",\"authority\":\"books:80\",\"path\":\"/books\","
          + "\"at\":\"2026-12-06T04:00:00.123Z\"}";
  static final String RESPONSE =
      "{\"type\":\"response\",\"id\":\"web-1:12\",\"pod\":\"web-1\",\"direction\":\"outbound\","
          + "\"source\":\"127.0.0.1:51234\",\"destination\":\"127.0.0.1:4143\",\"tls\":true,"
          + "\"status\":200,\"latencyMs\":1.234}";
  static final String END =
      "{\"type\":\"end\",\"id\":\"web-1:12\",\"pod\":\"web-1\",\"direction\":\"outbound\","
          + "\"source\":\"127.0.0.1:51234\",\"destination\":\"127.0.0.1:4143\",\"tls\":true,"
          + "\"durationMs\":1.5,\"responseBytes\":120,\"grpcStatus\":0,\"resetReason\":null}";
  static final String ERROR =
      "{\"type\":\"error\",\"pod\":\"web-2\",\"message\":\"cannot reach the tap server of pod"
          + " web-2 at 127.0.0.1:4190: Connection refused\"}";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final NdjsonServer controller;

  TapCommandTest() throws Exception {
    controller = new NdjsonServer();
  }

  @AfterEach
  void stop() {
    controller.close();
  }

  private int run(String... args) {
    return Meshctl.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void printsEachEventAsALine_andPodErrorsOnStderr() throws Exception {
    controller.answer(200, TAPPING, REQUEST, RESPONSE, ERROR, END);

    int code =
        run(
            "tap",
            "deploy/web",
            "-n",
            "demo",
            "--to",
            "deploy/books",
            "--method",
            "GET",
            "--path",
            "/books",
            "--authority",
            "books:80",
            "--max-rps",
            "5",
            "--limit",
            "10",
            "--api-addr",
            controller.address());

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(
            "req id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=true"
                + " :method=GET :authority=books:80 :path=/books\n"
                + "rsp id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=true"
                + " :status=200 latency=1234µs\n"
                + "end id=web-1:12 proxy=out src=127.0.0.1:51234 dst=127.0.0.1:4143 tls=true"
                + " duration=1500µs response-length=120B grpc-status=0\n");
    assertThat(err.toString())
        .contains("Tapping web-1, web-2")
        .contains(
            "Error from pod web-2: cannot reach the tap server of pod web-2 at 127.0.0.1:4190");
    assertThat(controller.queries.poll(5, TimeUnit.SECONDS))
        .isEqualTo(
            "resource=deploy%2Fweb&namespace=demo&to=deploy%2Fbooks&method=GET&path=%2Fbooks"
                + "&authority=books%3A80&maxRps=5.0&limit=10");
  }

  @Test
  void json_printsTheLinesAsTheyCame() {
    controller.answer(200, TAPPING, REQUEST, END);

    assertThat(run("tap", "deploy/web", "-o", "json", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo(TAPPING + "\n" + REQUEST + "\n" + END + "\n");
  }

  @Test
  void duration_endsAStreamThatWouldGoOn_withExitZero() {
    controller.answerAndKeepOpen(TAPPING, REQUEST);

    long start = System.nanoTime();
    int code = run("tap", "deploy/web", "--duration", "1s", "--api-addr", controller.address());

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(out.toString()).startsWith("req id=web-1:12");
  }

  @Test
  void everyPodFailing_isAFailure() {
    controller.answer(200, "{\"type\":\"tapping\",\"pods\":[\"web-2\"]}", ERROR);

    assertThat(run("tap", "deploy/web", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains("Error: no pod could be tapped");
  }

  @Test
  void notFound_showsTheApisError_andFails() {
    controller.answer(
        404, "{\"error\":\"deployment \\\"nope\\\" not found in namespace \\\"demo\\\"\"}");

    assertThat(run("tap", "deploy/nope", "-n", "demo", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString())
        .isEqualTo("Error: deployment \"nope\" not found in namespace \"demo\"\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void badRequest_isAUsageError_withTheApisWords() {
    controller.answer(400, "{\"error\":\"path: \\\"books\\\" is not a path prefix\"}");

    assertThat(run("tap", "deploy/web", "--path", "books", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).isEqualTo("Error: path: \"books\" is not a path prefix\n");
  }

  @Test
  void unreachableController_saysHowToStartTheMesh() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThat(run("tap", "deploy/web", "--api-addr", "127.0.0.1:" + closedPort))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString())
        .isEqualTo(
            "Error: cannot reach the controller at http://127.0.0.1:"
                + closedPort
                + ": is the mesh running? start it with ./meshctl demo\n");
  }

  @Test
  void unknownResourceType_isAUsageError_beforeAnythingIsSent() {
    assertThat(run("tap", "cronjob/x", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown resource type \"cronjob\"").contains("deploy");
    assertThat(controller.queries).isEmpty();
  }

  @Test
  void help_showsExamples() {
    assertThat(run("tap", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("meshctl tap deploy/web -n demo").contains("--max-rps");
  }
}
