package dev.meshctl.controller.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.MeshAnnotations;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A pod's proxy admin port comes from its annotation; a value that is not a port rejects it. */
class ProxyAdminPortTest {

  @Test
  void theAnnotationGivesThePort_itsAbsenceTheDefault() {
    Pod annotated = TestObjects.pod("web-1", "127.0.0.1", "web", true);
    annotated.getMetadata().setAnnotations(Map.of(MeshAnnotations.PROXY_ADMIN_PORT, "41191"));

    assertThat(pod(annotated).proxyAdminPort()).isEqualTo(OptionalInt.of(41191));
    assertThat(pod(TestObjects.pod("web-2", "127.0.0.1", "web", true)).proxyAdminPort()).isEmpty();
  }

  @Test
  void aValueThatIsNotAPort_rejectsThePodSayingWhy() {
    Pod pod = TestObjects.pod("web-1", "127.0.0.1", "web", true);
    pod.getMetadata().setAnnotations(Map.of(MeshAnnotations.PROXY_ADMIN_PORT, "admin"));

    assertThatThrownBy(() -> KubernetesObjects.translate(pod))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "metadata.annotations[meshctl.dev/proxy-admin-port]: \"admin\" is not a port number"
                + " (1-65535)");
  }

  private static PodRecord pod(Pod pod) {
    return (PodRecord) KubernetesObjects.translate(pod).orElseThrow();
  }
}
