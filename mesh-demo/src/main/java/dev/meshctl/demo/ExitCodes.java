package dev.meshctl.demo;

import picocli.CommandLine.ParameterException;

/** Every exit code of {@code mesh-demo}, and the one place where an exception becomes one. */
final class ExitCodes {

  /** The workload was stopped by SIGTERM (or SIGINT), or help was printed. */
  static final int OK = 0;

  /** The workload could not start or run: its port is in use, an address does not resolve. */
  static final int FAILED = 1;

  /** The command line was wrong: unknown option, missing option, bad value. */
  static final int USAGE = 2;

  /** A bug: something no input should cause. */
  static final int INTERNAL = 70;

  private ExitCodes() {}

  static int of(Throwable error) {
    if (error instanceof ParameterException) {
      return USAGE;
    }
    if (error instanceof WorkloadException) {
      return FAILED;
    }
    return INTERNAL;
  }
}
