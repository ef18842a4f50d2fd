package dev.meshctl.injector;

import java.io.IOException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns an unreadable serving certificate or key into Spring Boot's short "APPLICATION FAILED TO
 * START" report: which file and why, instead of the web server's stack trace. The server reads them
 * ({@code server.ssl.certificate}) before any bean of ours exists, so the check cannot be ours.
 */
final class ServingCertificateFailureAnalyzer implements FailureAnalyzer {

  /** The start of Spring Boot's message when a PEM file of {@code server.ssl} cannot be read. */
  static final String PEM_READ_FAILURE = "Error reading certificate or key from file";

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    Throwable pemFailure = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException
          && t.getMessage() != null
          && t.getMessage().startsWith(PEM_READ_FAILURE)) {
        pemFailure = t;
        break;
      }
    }
    if (pemFailure == null) {
      return null;
    }
    Throwable root = pemFailure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String why = root == pemFailure ? pemFailure.getMessage() : root.getMessage();
    return new FailureAnalysis(
        "Cannot read the webhook's TLS certificate or key: " + why,
        "Mount the meshctl-injector-tls Secret (tls.crt, tls.key) at /var/run/meshctl/tls, or"
            + " point mesh.injector.tls.cert-file and mesh.injector.tls.key-file at PEM files.",
        failure);
  }
}
