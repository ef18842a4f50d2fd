package dev.meshctl.controller.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.api.MeshAnnotations;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A pod's proxy admin and tap ports come from its annotations; a value that is not a port is
 * ignored (the default port applies): discovery must not lose a pod, and with it its routing, over
 * an observability setting.
 */
class ProxyAdminPortTest {

  @Test
  void theAnnotationGivesThePort_itsAbsenceTheDefault() {
    Pod annotated = TestObjects.pod("web-1", "127.0.0.1", "web", true);
    annotated.getMetadata().setAnnotations(Map.of(MeshAnnotations.PROXY_ADMIN_PORT, "41191"));

    assertThat(pod(annotated).proxyAdminPort()).isEqualTo(OptionalInt.of(41191));
    assertThat(pod(TestObjects.pod("web-2", "127.0.0.1", "web", true)).proxyAdminPort()).isEmpty();
  }

  @Test
  void aValueThatIsNotAPort_isIgnored_soThePodStillRoutes() {
    Pod pod = TestObjects.pod("web-1", "127.0.0.1", "web", true);
    pod.getMetadata()
        .setAnnotations(
            Map.of(MeshAnnotations.PROXY_ADMIN_PORT, "admin", MeshAnnotations.PROXY_TAP_PORT, "0"));

    PodRecord record = pod(pod);

    assertThat(record.meshed()).isTrue();
    assertThat(record.proxyAdminPort()).isEmpty();
    assertThat(record.tapPort()).isEmpty();
  }

  private static PodRecord pod(Pod pod) {
    return (PodRecord) KubernetesObjects.translate(pod).orElseThrow();
  }
}
