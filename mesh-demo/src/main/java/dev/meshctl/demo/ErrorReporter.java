package dev.meshctl.demo;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns a bad command line or a failed workload into one line on stderr and an exit code (see
 * {@link ExitCodes}); never a stack trace, since the processes run unattended beside a proxy and
 * their output is read in a log.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    command
        .getErr()
        .println(
            "error: "
                + error.getMessage()
                + " (run '"
                + command.getCommandSpec().qualifiedName()
                + " --help' for usage)");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception error, CommandLine cli, ParseResult parsed) {
    if (error instanceof ParameterException usage) {
      return handleParseException(usage, new String[0]);
    }
    if (error instanceof WorkloadException) {
      cli.getErr().println("error: " + error.getMessage());
    } else {
      cli.getErr().println("internal error: " + error);
    }
    return ExitCodes.of(error);
  }
}
