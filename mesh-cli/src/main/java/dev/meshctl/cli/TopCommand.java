package dev.meshctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshctl top}: a live table of a resource's busiest paths, from its tap events ({@link
 * TopTable}). On a terminal it is redrawn in place every interval; otherwise (a pipe, a file) it is
 * printed once when the watch ends.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = "Show a resource's busiest paths, live, from tap.",
    footer = {
      "",
      "Examples:",
      "  meshctl top deploy/web -n demo",
      "  meshctl top deploy/web -n demo --to deploy/authors --duration 30s",
      "  meshctl top ns/demo --duration 10s -o json",
      "",
      "When the output is not a terminal, the table is printed once at the end: give --duration or"
          + " --limit."
    })
final class TopCommand implements Callable<Integer> {

  /** ANSI: cursor home, clear the screen. */
  static final String CLEAR = "\033[H\033[2J";

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

  @Option(
      names = "--interval",
      paramLabel = "D",
      converter = DurationConverter.class,
      defaultValue = "2s",
      description = "How often the table is redrawn on a terminal (default: ${DEFAULT-VALUE}).")
  Duration interval;

  private final TapStream stream;
  private final boolean terminal;

  TopCommand() {
    this(new TapStream(), System.console() != null);
  }

  /**
   * @param terminal whether the output is a terminal, where the table is redrawn in place
   */
  TopCommand(TapStream stream, boolean terminal) {
    this.stream = stream;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    String query = filters.query();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TopTable table = new TopTable();
    boolean live = terminal && output.format != TapOutputOption.Format.json;
    ScheduledExecutorService redraw =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "meshctl-top-redraw");
              thread.setDaemon(true);
              return thread;
            });
    if (live) {
      long every = interval.toMillis();
      redraw.scheduleAtFixedRate(() -> draw(out, table), 0, every, TimeUnit.MILLISECONDS);
    }
    // Ctrl-C ends the watch: the table seen so far is still printed.
    Thread onInterrupt = new Thread(() -> print(out, table, live), "meshctl-top-final");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    TapStream.Summary summary;
    boolean interrupted;
    try {
      summary =
          stream.stream(
              controller.resolve(),
              query,
              Optional.ofNullable(duration),
              line -> {
                if (line.type().equals("error")) {
                  err.println(
                      "Error from pod "
                          + line.json().path("pod").asText()
                          + ": "
                          + line.json().path("message").asText());
                  err.flush();
                } else {
                  table.add(line.json());
                }
              });
    } finally {
      redraw.shutdownNow();
      interrupted = !removeHook(onInterrupt);
    }
    if (interrupted) {
      // The hook prints the table.
      return ExitCodes.OK;
    }
    print(out, table, live);
    if (summary.podsTapped() > 0 && summary.podsFailed() >= summary.podsTapped()) {
      throw new UserFacingException(
          "no pod could be tapped (" + summary.podsFailed() + " failed, see above)");
    }
    return ExitCodes.OK;
  }

  /** False when the JVM is already shutting down (Ctrl-C), and the hook runs. */
  private static boolean removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      return true;
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }

  private void print(PrintWriter out, TopTable table, boolean live) {
    if (output.format == TapOutputOption.Format.json) {
      out.println(table.json(new ObjectMapper()));
    } else if (live) {
      draw(out, table);
    } else {
      out.print(table.render());
    }
    out.flush();
  }

  private static synchronized void draw(PrintWriter out, TopTable table) {
    out.print(CLEAR);
    out.print(table.render());
    out.flush();
  }
}
