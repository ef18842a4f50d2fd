package dev.meshctl.charts;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/** Renders the control-plane chart as `meshctl install` does, and reads what tests look at. */
final class ControlPlane {

  static final String NAMESPACE = TestPems.NAMESPACE;

  private ControlPlane() {}

  static Rendered render(Map<String, Object> values) throws ChartException {
    return Rendered.parse(Charts.render(Charts.CONTROL_PLANE, "meshctl", NAMESPACE, values));
  }

  static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static String env(Deployment deployment, String name) {
    return container(deployment).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    deployment.getMetadata().getName() + " has no environment variable " + name));
  }
}
