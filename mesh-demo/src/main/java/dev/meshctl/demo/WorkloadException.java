package dev.meshctl.demo;

import java.io.IOException;
import java.net.BindException;
import java.util.Locale;

/**
 * A workload that cannot start or go on, for a reason its operator can act on; the message is the
 * one line printed before the process exits with {@link ExitCodes#FAILED}.
 */
public final class WorkloadException extends RuntimeException {

  public WorkloadException(String message) {
    super(message);
  }

  public WorkloadException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A server that could not bind its address, saying why in words. The JDK reports a port in use as
   * a {@link BindException}; gRPC's native transport as an {@link IOException} of its own whose
   * message says so; both read "the address is already in use".
   */
  public static WorkloadException cannotListen(String role, HostPort listen, IOException error) {
    String reason = error.getMessage();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (message.toLowerCase(Locale.ROOT).contains("in use")) {
        reason = "the address is already in use";
        break;
      }
      if (cause instanceof BindException) {
        reason = message;
      }
    }
    return new WorkloadException(role + ": cannot listen on " + listen + ": " + reason, error);
  }
}
