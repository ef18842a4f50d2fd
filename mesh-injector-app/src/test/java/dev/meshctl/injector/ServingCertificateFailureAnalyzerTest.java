package dev.meshctl.injector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class ServingCertificateFailureAnalyzerTest {

  private final ServingCertificateFailureAnalyzer analyzer =
      new ServingCertificateFailureAnalyzer();

  @Test
  void missingCertificateFile_isNamedWithTheReason() {
    // The chain Spring Boot's web server start produces for a missing server.ssl.certificate.
    Throwable failure =
        new IllegalStateException(
            "Unable to start reactive web server",
            new IllegalStateException(
                "Unable to create key store",
                new UncheckedIOException(
                    new IOException(
                        "Error reading certificate or key from file 'file:/run/tls/tls.crt'",
                        new FileNotFoundException(
                            "/run/tls/tls.crt (No such file or directory)")))));

    FailureAnalysis analysis = analyzer.analyze(failure);

    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .isEqualTo(
            "Cannot read the webhook's TLS certificate or key: /run/tls/tls.crt (No such file or"
                + " directory)");
    assertThat(analysis.getAction())
        .contains("meshctl-injector-tls", "mesh.injector.tls.cert-file");
  }

  @Test
  void otherFailures_areLeftToOtherAnalyzers() {
    assertThat(analyzer.analyze(new IllegalStateException("port in use", new IOException("bind"))))
        .isNull();
  }
}
