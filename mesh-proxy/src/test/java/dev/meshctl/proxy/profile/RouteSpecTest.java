package dev.meshctl.proxy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteSpecTest {

  @Test
  void withoutResponseClasses_failuresAreThe5xx() {
    RouteSpec route = new RouteSpec("r", RequestMatch.always(), true, Optional.empty());

    assertThat(route.isFailure(200)).isFalse();
    assertThat(route.isFailure(404)).isFalse();
    assertThat(route.isFailure(500)).isTrue();
    assertThat(route.isFailure(503)).isTrue();
  }

  @Test
  void responseClasses_firstMatchDecides_elseThe5xxAreFailures() {
    RouteSpec route =
        new RouteSpec(
            "r",
            RequestMatch.always(),
            true,
            Optional.empty(),
            List.of(
                new ResponseClass(new ResponseMatch.Status(501, 501), false),
                new ResponseClass(new ResponseMatch.Status(429, 429), true),
                new ResponseClass(
                    new ResponseMatch.Not(new ResponseMatch.Status(100, 499)), true)));

    assertThat(route.isFailure(501)).isFalse();
    assertThat(route.isFailure(429)).isTrue();
    assertThat(route.isFailure(502)).isTrue();
    assertThat(route.isFailure(404)).isFalse();
  }

  @Test
  void responseMatches_combine() {
    ResponseMatch serverErrorsButNot503 =
        new ResponseMatch.All(
            List.of(
                new ResponseMatch.Status(500, 599),
                new ResponseMatch.Not(new ResponseMatch.Status(503, 503))));
    ResponseMatch oneOf =
        new ResponseMatch.Any(
            List.of(new ResponseMatch.Status(404, 404), new ResponseMatch.Status(409, 409)));

    assertThat(serverErrorsButNot503.matches(500)).isTrue();
    assertThat(serverErrorsButNot503.matches(503)).isFalse();
    assertThat(oneOf.matches(409)).isTrue();
    assertThat(oneOf.matches(405)).isFalse();
  }

  @Test
  void status_outsideTheRangeOrReversed_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResponseMatch.Status(500, 499))
        .withMessage("status: min 500 is greater than max 499");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ResponseMatch.Status(99, 200))
        .withMessage("status: 99-200 is not within 100-599");
  }

  @Test
  void nonPositiveTimeout_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new RouteSpec("r", RequestMatch.always(), false, Optional.of(Duration.ZERO)))
        .withMessage("timeout: 0s must be greater than zero");
  }

  @Test
  void emptyName_isRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RouteSpec("", RequestMatch.always(), false, Optional.empty()))
        .withMessage("name: a route needs a name");
  }
}
