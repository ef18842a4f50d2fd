package dev.meshctl.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdsChartTest {

  private static Rendered render(Map<String, Object> values) throws ChartException {
    return Rendered.parse(Charts.render(Charts.CRDS, "meshctl-crds", "meshctl-system", values));
  }

  @Test
  void defaults_renderServiceProfileAndHttpRoute() throws Exception {
    Rendered rendered = render(Map.of());

    assertThat(rendered.objects()).hasSize(2).allMatch(CustomResourceDefinition.class::isInstance);
    CustomResourceDefinition profiles =
        rendered.get(CustomResourceDefinition.class, "serviceprofiles.meshctl.dev");
    assertThat(profiles.getSpec().getVersions())
        .extracting(CustomResourceDefinitionVersion::getName)
        .containsExactly("v1alpha2");
    assertThat(profiles.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "meshctl");
  }

  @Test
  void httpRoute_isGatewayApiV1WithTheFieldsTheControllerReads() throws Exception {
    CustomResourceDefinition routes =
        render(Map.of())
            .get(CustomResourceDefinition.class, "httproutes.gateway.networking.k8s.io");

    assertThat(routes.getSpec().getGroup()).isEqualTo("gateway.networking.k8s.io");
    assertThat(routes.getMetadata().getAnnotations())
        .as("a CRD of a *.k8s.io group is refused without its API approval")
        .containsKey("api-approved.kubernetes.io");
    assertThat(routes.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(routes.getSpec().getNames().getKind()).isEqualTo("HTTPRoute");
    CustomResourceDefinitionVersion v1 = routes.getSpec().getVersions().get(0);
    assertThat(v1.getName()).isEqualTo("v1");
    assertThat(v1.getServed()).isTrue();
    assertThat(v1.getStorage()).isTrue();

    JSONSchemaProps spec = v1.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(spec.getProperties()).containsKeys("parentRefs", "hostnames", "rules");
    assertThat(spec.getProperties().get("parentRefs").getItems().getSchema().getProperties())
        .containsKeys("group", "kind", "namespace", "name", "port");
    JSONSchemaProps rule = spec.getProperties().get("rules").getItems().getSchema();
    assertThat(rule.getProperties()).containsKeys("matches", "backendRefs");
    assertThat(rule.getXKubernetesPreserveUnknownFields()).isTrue();
    JSONSchemaProps backendRef = rule.getProperties().get("backendRefs").getItems().getSchema();
    assertThat(backendRef.getProperties()).containsKeys("name", "namespace", "port", "weight");
    assertThat(backendRef.getRequired()).containsExactly("name");
    assertThat(backendRef.getProperties().get("weight").getType()).isEqualTo("integer");
  }

  @Test
  void installGatewayApiFalse_leavesTheHttpRouteOut() throws Exception {
    Rendered rendered = render(Map.of("installGatewayAPI", false));

    assertThat(rendered.all(CustomResourceDefinition.class))
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactly("serviceprofiles.meshctl.dev");
  }
}
