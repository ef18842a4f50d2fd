package dev.meshctl.controller.tap;

import io.grpc.Status;
import javax.net.ssl.SSLException;

/**
 * Says in words why one proxy's tap failed, for the {@code error} line its pod gets: unreachable, a
 * TLS handshake that failed (wrong identity, untrusted certificate), a refusal, or no tap server.
 */
final class TapFailures {

  private TapFailures() {}

  static String describe(TapTarget target, Throwable failure) {
    Status status = Status.fromThrowable(failure);
    String where = "the tap server of pod " + target.pod() + " at " + target.address();
    String detail = detail(status);
    SSLException tls = find(failure, SSLException.class);
    if (tls != null && String.valueOf(tls.getMessage()).startsWith("not an SSL/TLS record")) {
      // Netty's NotSslRecordException: the server answered in plaintext.
      return where
          + " does not speak TLS (a proxy without identity serves tap in plaintext; this"
          + " controller taps over mTLS because mesh.tap.tls is set)";
    }
    if (tls != null) {
      return "TLS handshake with "
          + where
          + " failed (its certificate must chain to the mesh's trust anchors and name "
          + target.identity()
          + "): "
          + rootMessage(tls);
    }
    return switch (status.getCode()) {
      case UNAVAILABLE -> "cannot reach " + where + ": " + detail;
      case PERMISSION_DENIED, UNAUTHENTICATED ->
          where + " refused the controller (" + status.getCode() + "): " + detail;
      case UNIMPLEMENTED -> where + " does not serve tap (UNIMPLEMENTED): " + detail;
      case DEADLINE_EXCEEDED -> where + " did not answer in time: " + detail;
      default -> "tap of pod " + target.pod() + " failed (" + status.getCode() + "): " + detail;
    };
  }

  private static String detail(Status status) {
    String description = status.getDescription();
    Throwable cause = status.getCause();
    String causeMessage = cause == null ? null : rootMessage(cause);
    if (description == null || description.isBlank()) {
      return causeMessage == null ? status.getCode().toString() : causeMessage;
    }
    return causeMessage == null || description.contains(causeMessage)
        ? description
        : description + ": " + causeMessage;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
