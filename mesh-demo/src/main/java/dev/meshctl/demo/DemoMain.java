package dev.meshctl.demo;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of {@code mesh-demo.jar}: one subcommand per workload of the demo application.
 * {@link #run} is what tests call; {@link #main} wires it to the process's streams, to SIGTERM and
 * SIGINT, and to the exit code.
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, Termination.onSignals(), args));
  }

  /**
   * Runs one command line and returns its exit code. A workload serves until {@code termination} is
   * triggered, then stops and returns {@link ExitCodes#OK}; all output goes to the writers.
   */
  public static int run(PrintWriter out, PrintWriter err, Termination termination, String... args) {
    CommandLine cli = new CommandLine(new DemoCommand(termination));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(new ErrorReporter());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
