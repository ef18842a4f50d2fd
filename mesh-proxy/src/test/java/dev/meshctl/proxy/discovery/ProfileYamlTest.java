package dev.meshctl.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.ResponseClass;
import dev.meshctl.proxy.profile.ResponseMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code profile} of a destination, through {@link DestinationsYaml#parse}. */
class ProfileYamlTest {

  private static final Path FILE = Path.of("/etc/mesh/destinations.yaml");
  private static final Authority BOOKS = new Authority("books.demo.svc.cluster.local", 8080);

  private static ServiceProfile parse(String yaml) {
    return DestinationsYaml.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8)).get(BOOKS).profile();
  }

  /** A destination whose profile is {@code profile} (YAML, unindented). */
  private static String withProfile(String profile) {
    return """
        destinations:
          - authority: books.demo.svc.cluster.local:8080
            endpoints: [{address: 127.0.0.1:9001}]
            profile:
        """
        + profile.indent(6);
  }

  private static void assertProblem(String profile, String problem) {
    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(() -> parse(withProfile(profile)))
        .satisfies(e -> assertThat(e.problem()).isEqualTo(problem))
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(FILE + ": " + problem));
  }

  @Test
  void fullProfile_isParsedIntoRoutesAndABudget() {
    ServiceProfile profile =
        parse(
            """
            destinations:
              - authority: books.demo.svc.cluster.local:8080
                endpoints: [{address: 127.0.0.1:9001}, {address: 127.0.0.1:9002}]
                profile:
                  routes:
                    - name: list-books
                      condition: {method: GET, pathRegex: "/books(/.*)?"}
                      isRetryable: true
                      timeout: 300ms
                    - name: write-books
                      condition:
                        all:
                          - pathRegex: /books/.*
                          - not: {method: GET}
                          - any: [{method: POST}, {method: PUT}]
                      timeout: 2s
                      responseClasses:
                        - condition: {status: {min: 500, max: 599}}
                          isFailure: true
                        - condition: {not: {status: {max: 399}}}
                          isFailure: false
                  retryBudget: {retryRatio: 0.25, minRetriesPerSecond: 5, ttl: 30s}
            """);

    RouteSpec listBooks =
        new RouteSpec(
            "list-books",
            RequestMatch.all(
                List.of(RequestMatch.method("GET"), RequestMatch.pathRegex("/books(/.*)?"))),
            true,
            Optional.of(Duration.ofMillis(300)));
    RouteSpec writeBooks =
        new RouteSpec(
            "write-books",
            RequestMatch.all(
                List.of(
                    RequestMatch.pathRegex("/books/.*"),
                    RequestMatch.not(RequestMatch.method("GET")),
                    RequestMatch.any(
                        List.of(RequestMatch.method("POST"), RequestMatch.method("PUT"))))),
            false,
            Optional.of(Duration.ofSeconds(2)),
            List.of(
                new ResponseClass(new ResponseMatch.Status(500, 599), true),
                new ResponseClass(
                    new ResponseMatch.Not(new ResponseMatch.Status(100, 399)), false)));
    assertThat(profile)
        .isEqualTo(
            new ServiceProfile(
                List.of(listBooks, writeBooks),
                new RetryBudgetSpec(0.25, 5, Duration.ofSeconds(30))));

    assertThat(profile.route("GET", "/books/1").name()).isEqualTo("list-books");
    assertThat(profile.route("PUT", "/books/1").name()).isEqualTo("write-books");
    assertThat(profile.route("DELETE", "/books/1").name()).isEqualTo("default");
    assertThat(profile.route("PUT", "/books/1").isFailure(404)).isFalse();
    assertThat(profile.route("PUT", "/books/1").isFailure(503)).isTrue();
  }

  @Test
  void unquotedRegexInAFlowMapping_isASyntaxErrorThatSaysToQuoteIt() {
    // In {...}, YAML ends an unquoted scalar at ? , [ ] { or }.
    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(
            () ->
                parse(
                    withProfile(
                        "routes: [{name: r, condition: {method: GET, pathRegex: /b(/.*)?}}]")))
        .withMessage(
            FILE
                + ": not valid YAML at line 5, column 69: expected ',' or '}', but got ? (quote"
                + " regular expressions, as in pathRegex: \"/books(/.*)?\")");
  }

  @Test
  void unquotedRegexInBlockStyle_isFine() {
    ServiceProfile profile =
        parse(
            withProfile(
                """
                routes:
                  - name: books
                    condition:
                      pathRegex: /books(/.*)?
                """));

    assertThat(profile.route("GET", "/books/1").name()).isEqualTo("books");
  }

  @Test
  void methodAndPathRegexInOneCondition_mustBothMatch() {
    ServiceProfile profile =
        parse(
            withProfile(
                """
                routes:
                  - name: get-book
                    condition: {pathRegex: "/books/[0-9]+", method: GET}
                """));

    assertThat(profile.route("GET", "/books/7").name()).isEqualTo("get-book");
    assertThat(profile.route("POST", "/books/7").name()).isEqualTo("default");
    assertThat(profile.route("GET", "/books/x").name()).isEqualTo("default");
    assertThat(profile.route("GET", "/books/7/reviews").name()).isEqualTo("default");
  }

  @Test
  void omittedFields_takeLinkerdsDefaults() {
    ServiceProfile profile =
        parse(
            withProfile(
                """
                routes:
                  - name: books
                    condition: {pathRegex: /books}
                retryBudget: {retryRatio: 0.5}
                """));

    RouteSpec route = profile.routes().get(0);
    assertThat(route.retryable()).isFalse();
    assertThat(route.timeout()).isEmpty();
    assertThat(route.responseClasses()).isEmpty();
    assertThat(profile.retryBudget())
        .isEqualTo(new RetryBudgetSpec(0.5, 10, Duration.ofSeconds(10)));
  }

  @Test
  void absentOrEmptyProfile_isNone() {
    assertThat(
            parse(
                """
                destinations:
                  - authority: books.demo.svc.cluster.local:8080
                """))
        .isEqualTo(ServiceProfile.none());
    assertThat(parse(withProfile(""))).isEqualTo(ServiceProfile.none());
    assertThat(parse(withProfile("{}"))).isEqualTo(ServiceProfile.none());
    assertThat(parse(withProfile("routes: []\nretryBudget: {}"))).isEqualTo(ServiceProfile.none());
  }

  @Test
  void sameConditionWrittenInAnotherOrder_isTheSameProfile() {
    assertThat(
            parse(
                withProfile(
                    "routes: [{name: r, condition: {method: GET, pathRegex: /a}, timeout: 1s}]")))
        .isEqualTo(
            parse(
                withProfile(
                    "routes: [{timeout: 1s, condition: {pathRegex: /a, method: GET}, name: r}]")));
  }

  @Test
  void invalidPathRegex_saysWhyAndWhere() {
    assertProblem(
        """
        routes:
          - name: list-books
            condition: {pathRegex: /books}
          - name: broken
            condition: {pathRegex: "books("}
        """,
        "destinations[0].profile.routes[1].condition.pathRegex: \"books(\" is not a valid"
            + " regular expression: Unclosed group near index 6");
  }

  @Test
  void emptyOrNonTextPathRegex_isRejected() {
    assertProblem(
        "routes: [{name: r, condition: {pathRegex: \"\"}}]",
        "destinations[0].profile.routes[0].condition.pathRegex: expected a regular expression"
            + " such as /books/[0-9]+, found \"\"");
    assertProblem(
        "routes: [{name: r, condition: {pathRegex: [/a]}}]",
        "destinations[0].profile.routes[0].condition.pathRegex: expected a regular expression"
            + " such as /books/[0-9]+, found a list");
  }

  @Test
  void invalidMethod_isRejected() {
    assertProblem(
        "routes: [{name: r, condition: {method: \"GE T\"}}]",
        "destinations[0].profile.routes[0].condition.method: \"GE T\" is not an HTTP method"
            + " such as GET or POST");
    assertProblem(
        "routes: [{name: r, condition: {method: 42}}]",
        "destinations[0].profile.routes[0].condition.method: expected a method such as GET,"
            + " found 42");
  }

  @Test
  void nestedConditionProblem_namesTheNestedPlace() {
    assertProblem(
        """
        routes:
          - name: r
            condition:
              any:
                - method: GET
                - all: [{pathRegex: /a}, {not: {pathRegex: "[a-"}}]
        """,
        "destinations[0].profile.routes[0].condition.any[1].all[1].not.pathRegex: \"[a-\" is"
            + " not a valid regular expression: Illegal character range near index 3");
  }

  @Test
  void conditionMissingEmptyOrMalformed_isRejected() {
    assertProblem(
        "routes: [{name: r}]",
        "destinations[0].profile.routes[0].condition: missing; expected a condition such as"
            + " {method: GET, pathRegex: /books}");
    assertProblem(
        "routes: [{name: r, condition: {}}]",
        "destinations[0].profile.routes[0].condition: empty; expected at least one of method,"
            + " pathRegex, all, any or not");
    assertProblem(
        "routes: [{name: r, condition: GET}]",
        "destinations[0].profile.routes[0].condition: expected a mapping with method,"
            + " pathRegex, all, any or not, found \"GET\"");
    assertProblem(
        "routes: [{name: r, condition: {all: {method: GET}}}]",
        "destinations[0].profile.routes[0].condition.all: expected a list of conditions, found"
            + " a mapping");
    assertProblem(
        "routes: [{name: r, condition: {not: }}]",
        "destinations[0].profile.routes[0].condition.not: missing; expected a condition such as"
            + " {method: GET, pathRegex: /books}");
  }

  @Test
  void unknownConditionKey_isRejected() {
    assertProblem(
        "routes: [{name: r, condition: {path: /books}}]",
        "destinations[0].profile.routes[0].condition: unknown key \"path\"; expected method,"
            + " pathRegex, all, any or not");
  }

  @Test
  void timeoutThatIsNotADuration_isRejected() {
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: 3 parsecs}]",
        "destinations[0].profile.routes[0].timeout: \"3 parsecs\" expected a duration such as"
            + " 500ms, 10s or 1m");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: 300}]",
        "destinations[0].profile.routes[0].timeout: 300 expected a duration such as 500ms, 10s"
            + " or 1m (the unit ms, s, m or h is required)");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: 1.5s}]",
        "destinations[0].profile.routes[0].timeout: \"1.5s\" expected a duration such as"
            + " 500ms, 10s or 1m (one whole number and one unit: 1500ms rather than 1.5s or"
            + " 1s500ms)");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: -1s}]",
        "destinations[0].profile.routes[0].timeout: \"-1s\" expected a duration such as"
            + " 500ms, 10s or 1m (negative durations are not allowed)");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: }]",
        "destinations[0].profile.routes[0].timeout: missing; expected a duration such as 500ms,"
            + " 10s or 1m");
  }

  @Test
  void zeroOrHugeTimeout_isRejected() {
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: 0ms}]",
        "destinations[0].profile.routes[0].timeout: 0s must be greater than zero");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, timeout: 99999999999h}]",
        "destinations[0].profile.routes[0].timeout: \"99999999999h\" is too long; expected at"
            + " most 2562047h");
  }

  @Test
  void isRetryableThatIsNotABoolean_isRejected() {
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, isRetryable: maybe}]",
        "destinations[0].profile.routes[0].isRetryable: expected true or false, found"
            + " \"maybe\"");
  }

  @Test
  void retryRule_namesMethodsAndGrpcStatuses_byNameOrNumber() {
    ServiceProfile profile =
        parse(
            withProfile(
                """
                routes:
                  - name: orders
                    condition: {pathRegex: /orders}
                    isRetryable: true
                    retryNonIdempotent: true
                    retryGrpcStatuses: [UNAVAILABLE, resource-exhausted, 10]
                  - name: reads
                    condition: {method: GET}
                    isRetryable: true
                """));

    RetryRule orders = profile.routes().get(0).retryRule();
    assertThat(orders.nonIdempotentMethods()).isTrue();
    assertThat(orders.grpcStatuses()).containsExactlyInAnyOrder(14, 8, 10);
    assertThat(profile.routes().get(1).retryRule()).isEqualTo(RetryRule.DEFAULT);
  }

  @Test
  void retryGrpcStatuses_thatAreNotErrorStatuses_areRejected() {
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, retryGrpcStatuses: [UNAVAILABLE, NOPE]}]",
        "destinations[0].profile.routes[0].retryGrpcStatuses[1]: \"NOPE\" is not a gRPC status;"
            + " expected a name such as UNAVAILABLE or a number from 1 to 16");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, retryGrpcStatuses: [OK]}]",
        "destinations[0].profile.routes[0].retryGrpcStatuses[0]: 0 is not a gRPC error status (1"
            + " to 16; 0 is OK)");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, retryGrpcStatuses: [17]}]",
        "destinations[0].profile.routes[0].retryGrpcStatuses[0]: 17 is not a gRPC error status (1"
            + " to 16; 0 is OK)");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, retryGrpcStatuses: UNAVAILABLE}]",
        "destinations[0].profile.routes[0].retryGrpcStatuses: expected a list of gRPC statuses"
            + " such as [UNAVAILABLE], found \"UNAVAILABLE\"");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, retryNonIdempotent: yes please}]",
        "destinations[0].profile.routes[0].retryNonIdempotent: expected true or false, found"
            + " \"yes please\"");
  }

  @Test
  void dstOverrides_areATrafficSplitByWholeNumberWeights() {
    ServiceProfile profile =
        parse(
            withProfile(
                """
                dstOverrides:
                  - {authority: books-v1.demo.svc.cluster.local:8080, weight: 90}
                  - {authority: books-v2.demo.svc.cluster.local:8080, weight: 10}
                """));

    assertThat(profile.dstOverrides())
        .extracting(d -> d.authority().toString() + "=" + d.weight())
        .containsExactly(
            "books-v1.demo.svc.cluster.local:8080=90", "books-v2.demo.svc.cluster.local:8080=10");
  }

  @Test
  void badDstOverrides_areRejectedNamingThePlace() {
    assertProblem(
        "dstOverrides: [{authority: books-v1:8080, weight: 0.9}]",
        "destinations[0].profile.dstOverrides[0].weight: expected a whole number of 0 or more,"
            + " found 0.9");
    assertProblem(
        "dstOverrides: [{weight: 1}]",
        "destinations[0].profile.dstOverrides[0].authority: expected the host:port of a backend"
            + " such as books-v2.demo.svc.cluster.local:8080, found nothing");
    assertProblem(
        "dstOverrides: [{authority: books-v1:8080, weight: 0}]",
        "destinations[0].profile.dstOverrides: every weight is 0; at least one backend must take"
            + " traffic");
  }

  @Test
  void routeNames_areRequiredUniqueAndNotDefault() {
    assertProblem(
        "routes: [{condition: {method: GET}}]",
        "destinations[0].profile.routes[0].name: missing; expected the route's name, such as"
            + " list-books");
    assertProblem(
        "routes: [{name: 7, condition: {method: GET}}]",
        "destinations[0].profile.routes[0].name: expected a name such as list-books, found 7");
    assertProblem(
        "routes: [{name: default, condition: {method: GET}}]",
        "destinations[0].profile.routes[0].name: \"default\" is the name of the route of"
            + " requests that match no route; choose another");
    assertProblem(
        """
        routes:
          - {name: a, condition: {method: GET}}
          - {name: b, condition: {method: PUT}}
          - {name: a, condition: {method: POST}}
        """,
        "destinations[0].profile.routes[2].name: \"a\" is already the name of routes[0]");
  }

  @Test
  void unknownKeys_areRejectedAtEveryLevel() {
    assertProblem(
        "dstOverride: []",
        "destinations[0].profile: unknown key \"dstOverride\"; expected routes, retryBudget or"
            + " dstOverrides");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, retryOnGrpcStatus: [14]}]",
        "destinations[0].profile.routes[0]: unknown key \"retryOnGrpcStatus\"; expected name,"
            + " condition, isRetryable, timeout, responseClasses, retryNonIdempotent or"
            + " retryGrpcStatuses");
    assertProblem(
        "retryBudget: {ratio: 0.2}",
        "destinations[0].profile.retryBudget: unknown key \"ratio\"; expected retryRatio,"
            + " minRetriesPerSecond or ttl");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{failure: true}]}]",
        "destinations[0].profile.routes[0].responseClasses[0]: unknown key \"failure\";"
            + " expected condition or isFailure");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{condition: {code:"
            + " 500}}]}]",
        "destinations[0].profile.routes[0].responseClasses[0].condition: unknown key"
            + " \"code\"; expected status, all, any or not");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{condition: {status:"
            + " {from: 500}}}]}]",
        "destinations[0].profile.routes[0].responseClasses[0].condition.status: unknown key"
            + " \"from\"; expected min or max");
  }

  @Test
  void wrongShapes_areRejected() {
    assertProblem(
        "[routes]",
        "destinations[0].profile: expected a mapping with routes and retryBudget, found a list");
    assertProblem(
        "routes: {name: r}",
        "destinations[0].profile.routes: expected a list of routes, found a mapping");
    assertProblem(
        "routes: [list-books]",
        "destinations[0].profile.routes[0]: expected a mapping with name and condition, found"
            + " \"list-books\"");
    assertProblem(
        "retryBudget: 0.2",
        "destinations[0].profile.retryBudget: expected a mapping with retryRatio,"
            + " minRetriesPerSecond and ttl, found 0.2");
  }

  @Test
  void responseClassProblems_nameThePlace() {
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{condition: {status:"
            + " {min: 500, max: 499}}}]}]",
        "destinations[0].profile.routes[0].responseClasses[0].condition.status: min 500 is"
            + " greater than max 499");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{condition: {status:"
            + " {max: 600}}}]}]",
        "destinations[0].profile.routes[0].responseClasses[0].condition.status.max: 600 is not"
            + " a status code from 100 to 599");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{isFailure: true}]}]",
        "destinations[0].profile.routes[0].responseClasses[0].condition: missing; expected a"
            + " condition such as {status: {min: 500, max: 599}}");
    assertProblem(
        "routes: [{name: r, condition: {method: GET}, responseClasses: [{condition: {status:"
            + " {}}, isFailure: 1}]}]",
        "destinations[0].profile.routes[0].responseClasses[0].isFailure: expected true or"
            + " false, found 1");
  }

  @Test
  void negativeRetryRatio_isRejected() {
    assertProblem(
        "retryBudget: {retryRatio: -0.5}",
        "destinations[0].profile.retryBudget.retryRatio: -0.5 must be at least 0");
  }

  @Test
  void retryRatioTooLargeOrNotANumber_isRejected() {
    assertProblem(
        "retryBudget: {retryRatio: 1001}",
        "destinations[0].profile.retryBudget.retryRatio: 1001 must be at most 1000, as in"
            + " Linkerd");
    assertProblem(
        "retryBudget: {retryRatio: 20%}",
        "destinations[0].profile.retryBudget.retryRatio: expected a number such as 0.2, found"
            + " \"20%\"");
    assertProblem(
        "retryBudget: {retryRatio: .nan}",
        "destinations[0].profile.retryBudget.retryRatio: NaN is not a number from 0 to 1000");
  }

  @Test
  void badMinRetriesPerSecond_isRejected() {
    assertProblem(
        "retryBudget: {minRetriesPerSecond: -1}",
        "destinations[0].profile.retryBudget.minRetriesPerSecond: -1 must be at least 0");
    assertProblem(
        "retryBudget: {minRetriesPerSecond: 2.5}",
        "destinations[0].profile.retryBudget.minRetriesPerSecond: expected a whole number such"
            + " as 10, found 2.5");
    assertProblem(
        "retryBudget: {minRetriesPerSecond: 99999999999}",
        "destinations[0].profile.retryBudget.minRetriesPerSecond: 99999999999 must be at most"
            + " 2147483647");
  }

  @Test
  void ttlOutsideLinkerdsLimits_isRejected() {
    assertProblem(
        "retryBudget: {ttl: 500ms}",
        "destinations[0].profile.retryBudget.ttl: 500ms must be from 1s to 60s, as in Linkerd");
    assertProblem(
        "retryBudget: {ttl: 2m}",
        "destinations[0].profile.retryBudget.ttl: 2m must be from 1s to 60s, as in Linkerd");
    assertProblem(
        "retryBudget: {ttl: ten seconds}",
        "destinations[0].profile.retryBudget.ttl: \"ten seconds\" expected a duration such as"
            + " 500ms, 10s or 1m");
  }

  @Test
  void profileProblem_inALaterDestination_namesThatDestination() {
    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(
            () ->
                DestinationsYaml.parse(
                    FILE,
                    """
                    destinations:
                      - authority: a:80
                        profile: {routes: [{name: r, condition: {method: GET}}]}
                      - authority: b:80
                        profile: {retryBudget: {ttl: 0s}}
                    """
                        .getBytes(StandardCharsets.UTF_8)))
        .withMessage(
            FILE
                + ": destinations[1].profile.retryBudget.ttl: 0s must be from 1s to 60s, as in"
                + " Linkerd");
  }
}
