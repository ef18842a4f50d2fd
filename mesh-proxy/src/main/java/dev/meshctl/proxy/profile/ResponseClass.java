package dev.meshctl.proxy.profile;

import java.util.Objects;

/**
 * Says whether the responses its condition covers are failures, as a Linkerd ServiceProfile's
 * {@code responseClasses} entry; {@link RouteSpec#isFailure} applies a route's classes in order.
 */
public record ResponseClass(ResponseMatch condition, boolean failure) {

  public ResponseClass {
    Objects.requireNonNull(condition, "condition");
  }
}
