package dev.meshctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The entry point of {@code meshctl}. {@link #run} is what tests call; {@link #main} wires it to
 * the process's streams and exit code.
 */
public final class Meshctl {

  private Meshctl() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /** Runs one command line and returns its exit code; all output goes to the given writers. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(CommandLine.defaultFactory(), out, err, args);
  }

  /**
   * As {@link #run(PrintWriter, PrintWriter, String...)}, with commands made by {@code factory}.
   */
  static int run(CommandLine.IFactory factory, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new MeshctlCommand(), factory);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setExitCodeExceptionMapper(ExitCodes::of);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
