package dev.meshctl.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.meshctl.proxy.config.EnvironmentConfig;
import dev.meshctl.proxy.config.ProxyConfig;
import dev.meshctl.proxy.identity.IdentityFileException;
import dev.meshctl.proxy.identity.IdentitySource;
import dev.meshctl.proxy.identity.TlsCredentials;
import dev.meshctl.proxy.testing.TestCa;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's identity from certificate files with the trust anchors inline in {@code
 * MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM}, started as {@link ProxyMain} starts it: from the parsed
 * environment through {@link ProxyMain#identitySource}.
 */
class IdentityFromInlineTrustAnchorsTest {

  private static final String NAME =
      "web.demo.serviceaccount.identity.meshctl-system.cluster.local";

  @TempDir Path dir;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void filesWithInlineAnchors_giveCredentialsThatTrustThoseAnchors() {
    TestCa ca = TestCa.create("cluster.local");
    TestCa.LeafFiles files = ca.issue(NAME, Duration.ofHours(1)).writeTo(dir);

    try (IdentitySource source = start(files, ca.anchorsPem())) {
      TlsCredentials credentials = source.current().orElseThrow();

      assertThat(source.localName()).isEqualTo(NAME);
      assertThat(credentials.trustAnchors()).containsExactlyElementsOf(ca.anchors());
    }
  }

  @Test
  void inlineAnchorsOfAnotherCa_stopTheStart_namingTheVariable() {
    TestCa ca = TestCa.create("cluster.local");
    TestCa.LeafFiles files = ca.issue(NAME, Duration.ofHours(1)).writeTo(dir);
    String otherAnchors = TestCa.create("cluster.local").anchorsPem();

    assertThatExceptionOfType(IdentityFileException.class)
        .isThrownBy(() -> start(files, otherAnchors).close())
        .withMessageStartingWith(files.certificate() + ": the chain does not lead to any of the 1")
        .withMessageContaining("in MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM")
        .withMessageNotContaining("BEGIN CERTIFICATE");
  }

  private IdentitySource start(TestCa.LeafFiles files, String anchorsPem) {
    ProxyConfig config =
        EnvironmentConfig.parse(
            Map.of(
                "MESH_PROXY_IDENTITY_LOCAL_NAME",
                NAME,
                "MESH_PROXY_IDENTITY_CERT_FILE",
                files.certificate().toString(),
                "MESH_PROXY_IDENTITY_KEY_FILE",
                files.key().toString(),
                "MESH_PROXY_IDENTITY_TRUST_ANCHORS_PEM",
                anchorsPem));
    return ProxyMain.identitySource(config, executor, new PrometheusRegistry()).orElseThrow();
  }
}
