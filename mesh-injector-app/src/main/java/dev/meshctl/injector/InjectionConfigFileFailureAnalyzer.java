package dev.meshctl.injector;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad injection config file into Spring Boot's short "APPLICATION FAILED TO START" report:
 * one line naming the file and the problem instead of a stack trace.
 */
final class InjectionConfigFileFailureAnalyzer
    extends AbstractFailureAnalyzer<InjectionConfigFileException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InjectionConfigFileException cause) {
    return new FailureAnalysis(
        "Cannot use the injection config " + cause.getMessage(),
        "Fix the meshctl-config ConfigMap (key config.yaml), or point mesh.injector.config-file"
            + " at the right file.",
        cause);
  }
}
