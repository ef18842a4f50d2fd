package dev.meshctl.proxy.discovery.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.Duration;
import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.HttpMethod;
import dev.meshctl.api.destination.PathMatch;
import dev.meshctl.api.destination.RequestMatch;
import dev.meshctl.api.destination.RequestMatchSeq;
import dev.meshctl.api.destination.ResponseClass;
import dev.meshctl.api.destination.ResponseMatch;
import dev.meshctl.api.destination.ResponseMatchSeq;
import dev.meshctl.api.destination.RetryBudget;
import dev.meshctl.api.destination.Route;
import dev.meshctl.api.destination.StatusRange;
import dev.meshctl.api.destination.WeightedDst;
import dev.meshctl.proxy.discovery.remote.ProfileTranslation.InvalidProfileException;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileTranslationTest {

  private static RequestMatch method(String name) {
    return RequestMatch.newBuilder().setMethod(HttpMethod.newBuilder().setName(name)).build();
  }

  private static RequestMatch path(String regex) {
    return RequestMatch.newBuilder().setPath(PathMatch.newBuilder().setRegex(regex)).build();
  }

  private static ResponseMatch status(int min, int max) {
    return ResponseMatch.newBuilder()
        .setStatus(StatusRange.newBuilder().setMin(min).setMax(max))
        .build();
  }

  private static Route.Builder route(String name, RequestMatch condition) {
    return Route.newBuilder().setName(name).setCondition(condition);
  }

  private static ServiceProfile translate(Route.Builder... routes) throws InvalidProfileException {
    DestinationProfile.Builder profile = DestinationProfile.newBuilder();
    for (Route.Builder route : routes) {
      profile.addRoutes(route);
    }
    return ProfileTranslation.translate(profile.build());
  }

  private static void assertInvalid(DestinationProfile profile, String message) {
    assertThatExceptionOfType(InvalidProfileException.class)
        .isThrownBy(() -> ProfileTranslation.translate(profile))
        .withMessage(message);
  }

  private static void assertInvalid(Route.Builder route, String message) {
    assertInvalid(DestinationProfile.newBuilder().addRoutes(route).build(), message);
  }

  @Test
  void dstOverrides_becomeTheTrafficSplit() throws InvalidProfileException {
    ServiceProfile profile =
        ProfileTranslation.translate(
            DestinationProfile.newBuilder()
                .addDstOverrides(
                    dev.meshctl.api.destination.WeightedDst.newBuilder()
                        .setAuthority("books-v1.demo.svc.cluster.local:80")
                        .setWeight(900))
                .addDstOverrides(
                    dev.meshctl.api.destination.WeightedDst.newBuilder()
                        .setAuthority("books-v2.demo.svc.cluster.local:80")
                        .setWeight(100))
                .build());

    assertThat(profile.dstOverrides())
        .extracting(d -> d.authority().toString() + "=" + d.weight())
        .containsExactly(
            "books-v1.demo.svc.cluster.local:80=900", "books-v2.demo.svc.cluster.local:80=100");
  }

  @Test
  void emptyProfile_isNoRoutesAndTheDefaultBudget() throws InvalidProfileException {
    assertThat(ProfileTranslation.translate(DestinationProfile.getDefaultInstance()))
        .isEqualTo(ServiceProfile.none());
  }

  @Test
  void routes_keepTheirOrder_andTheFirstMatchWins() throws InvalidProfileException {
    ServiceProfile profile =
        translate(route("one-book", path("/books/[0-9]+")), route("books", path("/books(/.*)?")));

    assertThat(profile.route("GET", "/books/7").name()).isEqualTo("one-book");
    assertThat(profile.route("GET", "/books/all").name()).isEqualTo("books");
    assertThat(profile.route("GET", "/authors").name()).isEqualTo(RouteSpec.DEFAULT_NAME);
  }

  @Test
  void conditions_combineWithAllAnyAndNot() throws InvalidProfileException {
    RequestMatch writes =
        RequestMatch.newBuilder()
            .setAll(
                RequestMatchSeq.newBuilder()
                    .addMatches(path("/books/.*"))
                    .addMatches(RequestMatch.newBuilder().setNot(method("GET"))))
            .build();
    RequestMatch reads =
        RequestMatch.newBuilder()
            .setAny(
                RequestMatchSeq.newBuilder().addMatches(method("GET")).addMatches(method("HEAD")))
            .build();
    ServiceProfile profile = translate(route("writes", writes), route("reads", reads));

    assertThat(profile.route("POST", "/books/1").name()).isEqualTo("writes");
    assertThat(profile.route("GET", "/books/1").name()).isEqualTo("reads");
    assertThat(profile.route("HEAD", "/x").name()).isEqualTo("reads");
    assertThat(profile.route("POST", "/x").name()).isEqualTo(RouteSpec.DEFAULT_NAME);
  }

  @Test
  void routeSettings_areTranslated() throws InvalidProfileException {
    ServiceProfile profile =
        translate(
            route("pay", method("POST"))
                .setIsRetryable(true)
                .setTimeout(Duration.newBuilder().setSeconds(2).setNanos(500_000_000))
                .setRetryNonIdempotent(true)
                .addRetryGrpcStatuses(14)
                .addRetryGrpcStatuses(8)
                .addResponseClasses(
                    ResponseClass.newBuilder().setCondition(status(500, 504)).setIsFailure(true))
                .addResponseClasses(
                    ResponseClass.newBuilder()
                        .setCondition(
                            ResponseMatch.newBuilder()
                                .setAny(
                                    ResponseMatchSeq.newBuilder()
                                        .addMatches(status(505, 0))
                                        .addMatches(
                                            ResponseMatch.newBuilder().setNot(status(0, 399)))))));

    RouteSpec route = profile.routes().get(0);
    assertThat(route.retryable()).isTrue();
    assertThat(route.timeout()).contains(java.time.Duration.ofMillis(2500));
    assertThat(route.retryRule()).isEqualTo(new RetryRule(true, Set.of(8, 14)));
    assertThat(route.isFailure(503)).isTrue();
    assertThat(route.isFailure(599)).as("505 and up: not a failure").isFalse();
    assertThat(route.isFailure(404)).as("not 100-399: not a failure").isFalse();
    assertThat(route.isFailure(200)).as("no class: a 2xx is a success").isFalse();
  }

  @Test
  void unsetOrZeroTimeout_isNoTimeout_andUnsetRetryFieldsAreTheDefaults()
      throws InvalidProfileException {
    RouteSpec unset = translate(route("a", method("GET"))).routes().get(0);
    RouteSpec zero =
        translate(route("b", method("GET")).setTimeout(Duration.getDefaultInstance()))
            .routes()
            .get(0);

    assertThat(unset.timeout()).isEqualTo(Optional.empty());
    assertThat(zero.timeout()).isEqualTo(Optional.empty());
    assertThat(unset.retryable()).isFalse();
    assertThat(unset.retryRule()).isEqualTo(RetryRule.DEFAULT);
  }

  @Test
  void retryBudget_isTranslated_withTheRatioAsWritten() throws InvalidProfileException {
    ServiceProfile profile =
        ProfileTranslation.translate(
            DestinationProfile.newBuilder()
                .setRetryBudget(
                    RetryBudget.newBuilder()
                        .setRetryRatio(0.2f)
                        .setMinRetriesPerSecond(5)
                        .setTtl(Duration.newBuilder().setSeconds(30)))
                .build());

    assertThat(profile.retryBudget())
        .isEqualTo(new RetryBudgetSpec(0.2, 5, java.time.Duration.ofSeconds(30)));
  }

  @Test
  void retryBudgetWithoutTtl_usesTheDefaultTtl() throws InvalidProfileException {
    ServiceProfile profile =
        ProfileTranslation.translate(
            DestinationProfile.newBuilder()
                .setRetryBudget(RetryBudget.newBuilder().setRetryRatio(1))
                .build());

    assertThat(profile.retryBudget())
        .isEqualTo(new RetryBudgetSpec(1, 0, RetryBudgetSpec.DEFAULT_TTL));
  }

  @Test
  void badRegex_isInvalid_namingItsPlace() {
    assertInvalid(
        route("r", RequestMatch.newBuilder().setNot(path("books(")).build()),
        "routes[0].condition.not.path.regex: \"books(\" is not a valid regular expression:"
            + " Unclosed group near index 6");
  }

  @Test
  void badMethod_isInvalid() {
    assertInvalid(
        route(
            "r",
            RequestMatch.newBuilder()
                .setAny(RequestMatchSeq.newBuilder().addMatches(method("GE T")))
                .build()),
        "routes[0].condition.any[0].method: \"GE T\" is not an HTTP method such as GET or POST");
  }

  @Test
  void routeWithoutNameOrCondition_isInvalid() {
    assertInvalid(
        Route.newBuilder().setCondition(method("GET")), "routes[0].name: a route needs a name");
    assertInvalid(
        Route.newBuilder().setName("r"), "routes[0].condition: missing; a route needs a condition");
    assertInvalid(
        route("r", RequestMatch.getDefaultInstance()),
        "routes[0].condition: empty; expected one of all, any, not, path or method");
  }

  @Test
  void badResponseClass_isInvalid() {
    assertInvalid(
        route("r", method("GET")).addResponseClasses(ResponseClass.newBuilder()),
        "routes[0].response_classes[0].condition: missing; a response class needs a condition");
    assertInvalid(
        route("r", method("GET"))
            .addResponseClasses(ResponseClass.newBuilder().setCondition(status(503, 500))),
        "routes[0].response_classes[0].condition.status: min 503 is greater than max 500");
    assertInvalid(
        route("r", method("GET"))
            .addResponseClasses(ResponseClass.newBuilder().setCondition(status(500, 600))),
        "routes[0].response_classes[0].condition.status: 500-600 is not within 100-599");
  }

  @Test
  void badTimeoutOrGrpcStatus_isInvalid() {
    assertInvalid(
        route("r", method("GET")).setTimeout(Duration.newBuilder().setSeconds(-1)),
        "routes[0].timeout: -1s 0ns is not a duration of zero or more");
    assertInvalid(
        route("r", method("GET")).addRetryGrpcStatuses(17),
        "routes[0].retry_grpc_statuses: 17 is not a gRPC error status (1 to 16)");
  }

  @Test
  void retryBudgetOutOfLimits_isInvalid() {
    assertInvalid(
        DestinationProfile.newBuilder()
            .setRetryBudget(RetryBudget.newBuilder().setRetryRatio(-0.5f))
            .build(),
        "retry_budget.retry_ratio: -0.5 must be at least 0");
    assertInvalid(
        DestinationProfile.newBuilder()
            .setRetryBudget(
                RetryBudget.newBuilder()
                    .setRetryRatio(0.2f)
                    .setTtl(Duration.newBuilder().setSeconds(120)))
            .build(),
        "retry_budget.ttl: 2m must be from 1s to 60s, as in Linkerd");
  }

  @Test
  void deeplyNestedCondition_isInvalid() {
    RequestMatch match = method("GET");
    for (int i = 0; i < ProfileTranslation.MAX_DEPTH + 1; i++) {
      match = RequestMatch.newBuilder().setNot(match).build();
    }
    RequestMatch deep = match;

    assertThatExceptionOfType(InvalidProfileException.class)
        .isThrownBy(() -> translate(route("r", deep)))
        .withMessageEndingWith(": conditions nested deeper than " + ProfileTranslation.MAX_DEPTH);
  }

  @Test
  void splits_isTrueOnlyForASplitOrARedirect() {
    String authority = "web.demo:8080";
    DestinationProfile.Builder self =
        DestinationProfile.newBuilder()
            .setFullyQualifiedName("web.demo.svc.cluster.local")
            .addDstOverrides(
                WeightedDst.newBuilder()
                    .setAuthority("web.demo.svc.cluster.local:8080")
                    .setWeight(10000));

    assertThat(ProfileTranslation.splits(DestinationProfile.getDefaultInstance(), authority))
        .isFalse();
    assertThat(ProfileTranslation.splits(self.build(), authority)).isFalse();
    assertThat(
            ProfileTranslation.splits(
                DestinationProfile.newBuilder()
                    .addDstOverrides(WeightedDst.newBuilder().setAuthority(authority))
                    .build(),
                authority))
        .isFalse();
    assertThat(
            ProfileTranslation.splits(
                self.addDstOverrides(
                        WeightedDst.newBuilder()
                            .setAuthority("web-canary.demo.svc.cluster.local:8080")
                            .setWeight(1000))
                    .build(),
                authority))
        .isTrue();
    assertThat(
            ProfileTranslation.splits(
                DestinationProfile.newBuilder()
                    .addDstOverrides(WeightedDst.newBuilder().setAuthority("other.demo:8080"))
                    .build(),
                authority))
        .isTrue();
  }
}
