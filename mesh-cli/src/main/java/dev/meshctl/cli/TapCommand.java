package dev.meshctl.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl tap}: live requests of a resource's proxies through the controller, printed as
 * they happen. A thin command: {@link TapStream} reads, {@link TapLineFormatter} writes.
 */
@Command(
    name = "tap",
    mixinStandardHelpOptions = true,
    description = "Watch the requests a resource's proxies handle, live.",
    footer = {
      "",
      "Examples:",
      "  meshctl tap deploy/web -n demo",
      "  meshctl tap deploy/web -n demo --to deploy/books --method POST --duration 10s",
      "  meshctl tap ns/demo --path /demo.Authors --limit 100 -o json",
      "",
      "Each request prints req, rsp and end lines sharing an id; -o json prints the controller's"
          + " NDJSON lines as they come. Ctrl-C or --duration ends it."
    })
final class TapCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin TapFilterOptions filters;

  @Mixin ControllerAddressOption controller;

  @Mixin TapOutputOption output;

  @Option(
      names = "--duration",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Stop after this long (e.g. 30s, 5m) and exit 0 (default: until Ctrl-C).")
  Duration duration;

  private final TapStream stream;

  TapCommand() {
    this(new TapStream());
  }

  TapCommand(TapStream stream) {
    this.stream = stream;
  }

  @Override
  public Integer call() {
    String query = filters.query();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TapLineFormatter formatter = new TapLineFormatter(output.format == TapOutputOption.Format.wide);
    TapStream.Summary summary =
        stream.stream(
            controller.resolve(),
            query,
            Optional.ofNullable(duration),
            line -> {
              if (output.format == TapOutputOption.Format.json) {
                out.println(line.text());
              } else if (line.type().equals("tapping")) {
                err.println("Tapping " + String.join(", ", pods(line)));
                err.flush();
              } else if (line.type().equals("error")) {
                err.println(
                    "Error from pod "
                        + line.json().path("pod").asText()
                        + ": "
                        + line.json().path("message").asText());
                err.flush();
              } else {
                formatter.format(line.json()).ifPresent(out::println);
              }
              out.flush();
            });
    if (summary.podsTapped() > 0 && summary.podsFailed() >= summary.podsTapped()) {
      throw new UserFacingException(
          "no pod could be tapped (" + summary.podsFailed() + " failed, see above)");
    }
    return ExitCodes.OK;
  }

  private static List<String> pods(TapStream.Line line) {
    List<String> pods = new ArrayList<>();
    line.json().path("pods").forEach(p -> pods.add(p.asText()));
    return pods;
  }
}
