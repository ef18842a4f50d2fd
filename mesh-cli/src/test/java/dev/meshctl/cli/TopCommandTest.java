package dev.meshctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code meshctl top} against a real HTTP server streaming the controller's NDJSON lines. */
class TopCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final NdjsonServer controller;

  TopCommandTest() throws Exception {
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
  void notATerminal_printsTheTableOnceAtTheEnd() {
    controller.answer(
        200,
        TapCommandTest.TAPPING,
        TapCommandTest.REQUEST,
        TapCommandTest.RESPONSE,
        TapCommandTest.END);

    assertThat(run("top", "deploy/web", "-n", "demo", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(
            """
            SOURCE   DESTINATION   METHOD   PATH     COUNT   BEST    WORST   LAST    SUCCESS
            web-1    books         GET      /books   1       1.5ms   1.5ms   1.5ms   100.00%
            """);
    assertThat(out.toString()).doesNotContain(TopCommand.CLEAR);
  }

  @Test
  void json_printsTheFinalTable() throws Exception {
    controller.answerAndKeepOpen(
        TapCommandTest.TAPPING, TapCommandTest.REQUEST, TapCommandTest.END);

    assertThat(
            run(
                "top",
                "deploy/web",
                "--duration",
                "1s",
                "-o",
                "json",
                "--api-addr",
                controller.address()))
        .isEqualTo(ExitCodes.OK);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(out.toString()))
        .isEqualTo(
            json.readTree(
                """
                {"rows": [{"source": "web-1", "destination": "books", "method": "GET",
                           "path": "/books", "count": 1, "bestMs": 1.5, "worstMs": 1.5,
                           "lastMs": 1.5, "successRate": 1.0}]}
                """));
  }

  @Test
  void onATerminal_redrawsInPlace() {
    controller.answerAndKeepOpen(TapCommandTest.TAPPING, TapCommandTest.REQUEST);
    CommandLine cli = new CommandLine(new TopCommand(new TapStream(), true));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code =
        cli.execute(
            "deploy/web",
            "--duration",
            "1s",
            "--interval",
            "1s",
            "--api-addr",
            controller.address());

    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith(TopCommand.CLEAR).contains("/books");
  }

  @Test
  void notFound_showsTheApisError() {
    controller.answer(404, "{\"error\":\"namespace \\\"nope\\\" has no pods\"}");

    assertThat(run("top", "ns/nope", "--api-addr", controller.address()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).isEqualTo("Error: namespace \"nope\" has no pods\n");
  }
}
