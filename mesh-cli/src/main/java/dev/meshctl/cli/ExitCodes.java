package dev.meshctl.cli;

import picocli.CommandLine.ParameterException;

/** Every exit code meshctl uses, and the one place where an exception becomes one. */
final class ExitCodes {

  static final int OK = 0;

  /** The command ran and failed (a check failed, the mesh could not be reached). */
  static final int FAILED = 1;

  /**
   * The command line itself was wrong: unknown option, bad value, or arguments that ask for
   * something that cannot be done as given (see {@link UsageException}).
   */
  static final int USAGE = 2;

  /** A bug in meshctl: something no user input should cause. */
  static final int INTERNAL = 70;

  private ExitCodes() {}

  static int of(Throwable error) {
    if (error instanceof ParameterException || error instanceof UsageException) {
      return USAGE;
    }
    if (error instanceof UserFacingException) {
      return FAILED;
    }
    return INTERNAL;
  }
}
