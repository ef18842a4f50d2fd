package dev.meshctl.controller.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshctl.api.destination.ResponseClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProfileSpecParserTest {

  private static final ObjectKey KEY = new ObjectKey("demo", "web.demo.svc.cluster.local");

  @Test
  void linkerdsSpec_isRead() {
    Map<String, Object> spec =
        Map.of(
            "routes",
            List.of(
                Map.of(
                    "name",
                    "write",
                    "condition",
                    Map.of(
                        "all",
                        List.of(
                            Map.of("pathRegex", "/books/.*"),
                            Map.of("not", Map.of("method", "GET")))),
                    "responseClasses",
                    List.of(
                        Map.of(
                            "condition",
                            Map.of("status", Map.of("min", 500, "max", 599)),
                            "isFailure",
                            true)),
                    "timeout",
                    "1m30s")));

    ServiceProfileRecord profile = ServiceProfileSpecParser.parse(KEY, spec);

    assertThat(profile.routes()).hasSize(1);
    var route = profile.routes().get(0);
    assertThat(route.getCondition().getAll().getMatchesCount()).isEqualTo(2);
    assertThat(route.getTimeout().getSeconds()).isEqualTo(90);
    ResponseClass responseClass = route.getResponseClasses(0);
    assertThat(responseClass.getIsFailure()).isTrue();
    assertThat(responseClass.getCondition().getStatus().getMin()).isEqualTo(500);
    assertThat(profile.retryBudget()).isEmpty();
  }

  @Test
  void quantityWeights_areThousandths() {
    ServiceProfileRecord profile =
        ServiceProfileSpecParser.parse(
            KEY,
            Map.of(
                "dstOverrides",
                List.of(
                    Map.of("authority", "a.demo.svc.cluster.local:80", "weight", "500m"),
                    Map.of("authority", "b.demo.svc.cluster.local:80", "weight", 2))));

    assertThat(profile.dstOverrides()).extracting(d -> d.getWeight()).containsExactly(500, 2000);
  }

  @Test
  void problems_nameTheirPlace() {
    assertProblem(
        Map.of("routes", List.of(Map.of("name", "a", "condition", Map.of("pathRegex", "books(")))),
        "spec.routes[0].condition.pathRegex: \"books(\" is not a valid regular expression");
    assertProblem(
        Map.of("routes", List.of(Map.of("name", "a"))), "spec.routes[0].condition: missing");
    assertProblem(
        Map.of(
            "routes",
            List.of(
                Map.of("name", "a", "condition", Map.of("method", "GET"), "timeout", "3 parsecs"))),
        "spec.routes[0].timeout: \"3 parsecs\" is not a duration");
    assertProblem(
        Map.of(
            "routes",
            List.of(
                Map.of(
                    "name",
                    "a",
                    "condition",
                    Map.of("method", "GET"),
                    "retryGrpcStatuses",
                    List.of("NOPE")))),
        "spec.routes[0].retryGrpcStatuses[0]: \"NOPE\" is not a gRPC status");
    assertProblem(
        Map.of("retryBudget", Map.of("retryRatio", -1)),
        "spec.retryBudget.retryRatio: -1.0 is not within");
    assertProblem(Map.of("rotues", List.of()), "spec.rotues: unknown field");
    assertProblem(
        Map.of(
            "routes",
            List.of(
                Map.of("name", "a", "condition", Map.of("method", "GET")),
                Map.of("name", "a", "condition", Map.of("method", "PUT")))),
        "spec.routes[1].name: \"a\" is used by another route");
  }

  private static void assertProblem(Map<String, Object> spec, String message) {
    assertThatThrownBy(() -> ServiceProfileSpecParser.parse(KEY, spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
