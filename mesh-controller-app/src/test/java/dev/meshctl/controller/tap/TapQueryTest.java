package dev.meshctl.controller.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TapQueryTest {

  @Test
  void shortAndLongTypeNames_andDefaults() {
    TapQuery query = TapQuery.parse(Map.of("resource", "deploy/web"), 100);

    assertThat(query.resource())
        .isEqualTo(new ResourceRef(ResourceType.DEPLOYMENT, Optional.of("web")));
    assertThat(query.namespace()).isEqualTo("default");
    assertThat(query.maxRps()).isEqualTo(100);
    assertThat(query.limit()).isZero();
    assertThat(TapQuery.parse(Map.of("resource", "STS"), 100).resource())
        .isEqualTo(new ResourceRef(ResourceType.STATEFULSET, Optional.empty()));
    assertThat(TapQuery.parse(Map.of("resource", "deployments/web"), 100).resource().type())
        .isEqualTo(ResourceType.DEPLOYMENT);
    assertThat(TapQuery.parse(Map.of("resource", "authorities"), 100).resource().type())
        .isEqualTo(ResourceType.AUTHORITY);
  }

  @Test
  void aNamedNamespaceResource_isTheNamespace() {
    assertThat(TapQuery.parse(Map.of("resource", "ns/demo", "namespace", "x"), 100).namespace())
        .isEqualTo("demo");
  }

  @Test
  void maxRps_isCappedByTheControllersLimit_andMethodUpperCased() {
    TapQuery query =
        TapQuery.parse(
            Map.of("resource", "po/web-1", "maxRps", "500", "method", "post", "limit", "10"), 100);
    assertThat(query.maxRps()).isEqualTo(100);
    assertThat(query.method()).contains("POST");
    assertThat(query.limit()).isEqualTo(10);
  }

  @Test
  void authority_keepsSlashesAndColonsInItsName() {
    assertThat(
            TapQuery.parse(Map.of("resource", "deploy/web", "to", "au/books.demo:8080"), 100).to())
        .contains(new ResourceRef(ResourceType.AUTHORITY, Optional.of("books.demo:8080")));
  }

  @Test
  void badParameters_sayWhichAndWhy() {
    assertInvalid(Map.of(), "resource: missing");
    assertInvalid(Map.of("resource", "cronjob/x"), "resource: unknown resource type \"cronjob\"");
    assertInvalid(Map.of("resource", "deploy/"), "is not of the form TYPE[/NAME]");
    assertInvalid(Map.of("resource", "deploy/web", "namespace", "Demo"), "is not a DNS label");
    assertInvalid(Map.of("resource", "deploy/web", "to", "ns/demo"), "to: a namespace");
    assertInvalid(Map.of("resource", "deploy/web", "method", "GE T"), "is not an HTTP method");
    assertInvalid(Map.of("resource", "deploy/web", "path", "books"), "must start with /");
    assertInvalid(Map.of("resource", "deploy/web", "maxRps", "0"), "maxRps: 0 is not a positive");
    assertInvalid(Map.of("resource", "deploy/web", "maxRps", "lots"), "maxRps: \"lots\"");
    assertInvalid(Map.of("resource", "deploy/web", "limit", "-1"), "limit: \"-1\"");
  }

  private static void assertInvalid(Map<String, String> parameters, String message) {
    assertThatThrownBy(() -> TapQuery.parse(parameters, 100))
        .isInstanceOfSatisfying(
            TapRequestException.class,
            e -> assertThat(e.reason()).isEqualTo(TapRequestException.Reason.INVALID))
        .hasMessageContaining(message);
  }
}
