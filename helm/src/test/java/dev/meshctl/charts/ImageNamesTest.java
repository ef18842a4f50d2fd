package dev.meshctl.charts;

import static dev.meshctl.charts.ControlPlane.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshctl.injection.InjectionConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's default images are the ones the build's {@code images} profile makes: {@code
 * <mesh.image.registry>/<module>:<mesh.image.tag>}, the properties the root pom gives both.
 */
class ImageNamesTest {

  private static final Map<String, String> DEPLOYMENT_IMAGES =
      Map.of(
          "meshctl-controller", "mesh-controller-app",
          "meshctl-identity", "mesh-identity-app",
          "meshctl-injector", "mesh-injector-app",
          "meshctl-web", "mesh-web-app");

  @Test
  void defaultImages_areTheBuildsImages() throws Exception {
    String registry = System.getProperty("mesh.image.registry");
    String tag = System.getProperty("mesh.image.tag");
    assertThat(registry).as("mesh.image.registry from the pom").isNotBlank();
    assertThat(tag).as("mesh.image.tag from the pom").isNotBlank();

    Rendered rendered = ControlPlane.render(TestPems.generate().values());

    DEPLOYMENT_IMAGES.forEach(
        (deployment, module) ->
            assertThat(container(rendered.get(Deployment.class, deployment)).getImage())
                .isEqualTo(registry + "/" + module + ":" + tag));
    InjectionConfig config =
        InjectionConfig.parse(
            rendered.get(ConfigMap.class, "meshctl-config").getData().get("config.yaml"));
    assertThat(config.proxy().image()).isEqualTo(registry + "/mesh-proxy:" + tag);
    assertThat(Charts.appVersion()).isEqualTo(tag);
  }
}
