package dev.meshctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on stderr and an exit code. A user-facing
 * failure prints its message; anything else is a bug and also prints the stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception error, CommandLine cli, ParseResult parsed) {
    var err = cli.getErr();
    if (error instanceof UserFacingException) {
      err.println("Error: " + error.getMessage());
    } else {
      err.println("Internal error (please report it): " + error);
      error.printStackTrace(err);
    }
    return ExitCodes.of(error);
  }
}
