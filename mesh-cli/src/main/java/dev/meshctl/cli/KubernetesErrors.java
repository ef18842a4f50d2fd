package dev.meshctl.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Turns what the fabric8 client throws into one line a user can act on. */
final class KubernetesErrors {

  private KubernetesErrors() {}

  /** Whether the failure is the cluster not answering at all (as opposed to answering "no"). */
  static boolean unreachable(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException
          || cause instanceof TimeoutException
          || cause instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message worth showing, without the client's stack of wrappers. */
  static String reason(Throwable error) {
    if (error instanceof KubernetesClientException k && k.getCode() > 0) {
      String message = k.getStatus() != null ? k.getStatus().getMessage() : null;
      return "HTTP " + k.getCode() + (message != null ? ": " + message : "");
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.nio.channels.ClosedChannelException) {
        return "connection refused";
      }
      if (cause instanceof java.net.UnknownHostException) {
        return "unknown host " + cause.getMessage();
      }
      if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
        return "no answer in time";
      }
    }
    Throwable deepest = error;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage();
    return message != null && !message.isBlank() ? message : deepest.getClass().getSimpleName();
  }

  /** The exception a command throws when {@code error} stopped it talking to the cluster. */
  static UserFacingException explain(KubernetesClient client, RuntimeException error) {
    String url = client.getConfiguration().getMasterUrl();
    if (unreachable(error)) {
      return new UserFacingException(
          "cannot reach the Kubernetes API at " + url + ": " + reason(error), error);
    }
    return new UserFacingException(
        "the Kubernetes API at " + url + " answered an error: " + reason(error), error);
  }
}
