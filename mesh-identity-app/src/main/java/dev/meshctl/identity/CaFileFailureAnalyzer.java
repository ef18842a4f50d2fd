package dev.meshctl.identity;

import dev.meshctl.identity.ca.CaFileException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a CA file that cannot be used into Spring Boot's short "APPLICATION FAILED TO START"
 * report: one line naming the file and the problem, and what to do, instead of a stack trace.
 */
final class CaFileFailureAnalyzer extends AbstractFailureAnalyzer<CaFileException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CaFileException cause) {
    return new FailureAnalysis(
        "Cannot load the mesh CA: " + cause.getMessage(),
        "Fix the file, or point mesh.identity.trust-anchors-file, mesh.identity.issuer-certificate-file,"
            + " mesh.identity.issuer-key-file (and mesh.identity.token-verification-key-file in the"
            + " local token mode) at the right ones. A new CA is made with"
            + " 'meshctl identity create-ca --trust-domain <domain> --out <dir>'.",
        cause);
  }
}
