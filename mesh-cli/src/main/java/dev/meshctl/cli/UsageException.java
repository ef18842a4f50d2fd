package dev.meshctl.cli;

/**
 * A command line that parsed but asks for something that cannot be done as given (a directory that
 * already holds files, a name of the wrong shape): the user fixes the arguments, so it exits with
 * {@link ExitCodes#USAGE}.
 */
final class UsageException extends UserFacingException {

  UsageException(String message) {
    super(message);
  }
}
