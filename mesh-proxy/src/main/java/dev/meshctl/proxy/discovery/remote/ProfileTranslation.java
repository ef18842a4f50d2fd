package dev.meshctl.proxy.discovery.remote;

import dev.meshctl.api.destination.DestinationProfile;
import dev.meshctl.api.destination.Route;
import dev.meshctl.api.destination.StatusRange;
import dev.meshctl.proxy.config.ConfigException;
import dev.meshctl.proxy.discovery.Authority;
import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.ResponseClass;
import dev.meshctl.proxy.profile.ResponseMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.profile.WeightedDst;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the controller's {@link DestinationProfile} into the proxy's {@link ServiceProfile}: the
 * routes in order (condition, response classes, retryability, timeout, retry rule) and the retry
 * budget. The whole profile is checked: one bad part (a regular expression that does not compile, a
 * route without a condition, a retry budget out of Linkerd's limits) makes it invalid, and the
 * caller keeps the profile it had. A problem names its place, as the destinations file's do: {@code
 * routes[1].condition.path.regex: "books(" is not a valid regular expression: Unclosed group near
 * index 6}.
 *
 * <p>Left out: {@code opaque_protocol} (the proxy's opaque ports are its own configuration), {@code
 * metrics_labels} (routes are labelled by name) and {@code dst_overrides} (traffic split, which the
 * proxy does not do yet; {@link #splits} tells the caller when one is asked for).
 */
final class ProfileTranslation {

  /** Nested conditions deeper than this are refused rather than risking the stack. */
  static final int MAX_DEPTH = 32;

  private ProfileTranslation() {}

  /**
   * The proxy's profile for {@code profile}.
   *
   * @throws InvalidProfileException naming the place of the first problem
   */
  static ServiceProfile translate(DestinationProfile profile) throws InvalidProfileException {
    try {
      List<RouteSpec> routes = new ArrayList<>();
      for (int i = 0; i < profile.getRoutesCount(); i++) {
        routes.add(route(profile.getRoutes(i), "routes[" + i + "]"));
      }
      RetryBudgetSpec budget =
          profile.hasRetryBudget()
              ? retryBudget(profile.getRetryBudget(), "retry_budget")
              : RetryBudgetSpec.DEFAULT;
      List<WeightedDst> split = new ArrayList<>();
      for (int i = 0; i < profile.getDstOverridesCount(); i++) {
        String place = "dst_overrides[" + i + "]";
        var dst = profile.getDstOverrides(i);
        try {
          split.add(new WeightedDst(Authority.parse(dst.getAuthority(), 80), dst.getWeight()));
        } catch (IllegalArgumentException e) {
          throw new Problem(place + ".authority: " + e.getMessage());
        }
      }
      try {
        return new ServiceProfile(routes, budget, split);
      } catch (IllegalArgumentException e) {
        throw new Problem(e.getMessage());
      }
    } catch (Problem p) {
      throw new InvalidProfileException(p.getMessage());
    }
  }

  /**
   * Whether the profile asks for a traffic split or a redirect the proxy does not do: a {@code
   * dst_overrides} with more than one backend, or one other than the authority itself ({@code
   * authority} as asked for, or the profile's fully qualified name with that port).
   */
  static boolean splits(DestinationProfile profile, String authority) {
    if (profile.getDstOverridesCount() == 0) {
      return false;
    }
    if (profile.getDstOverridesCount() > 1) {
      return true;
    }
    String only = profile.getDstOverrides(0).getAuthority();
    int colon = authority.lastIndexOf(':');
    String port = colon < 0 ? "" : authority.substring(colon);
    String fqn = profile.getFullyQualifiedName();
    return !only.equalsIgnoreCase(authority)
        && !(fqn.length() > 0 && only.equalsIgnoreCase(fqn + port));
  }

  private static RouteSpec route(Route route, String place) {
    if (route.getName().isEmpty()) {
      throw new Problem(place + ".name: a route needs a name");
    }
    if (!route.hasCondition()) {
      throw new Problem(place + ".condition: missing; a route needs a condition");
    }
    RequestMatch condition = requestMatch(route.getCondition(), place + ".condition", 0);
    List<ResponseClass> classes = new ArrayList<>();
    for (int i = 0; i < route.getResponseClassesCount(); i++) {
      String classPlace = place + ".response_classes[" + i + "]";
      var responseClass = route.getResponseClasses(i);
      if (!responseClass.hasCondition()) {
        throw new Problem(classPlace + ".condition: missing; a response class needs a condition");
      }
      classes.add(
          new ResponseClass(
              responseMatch(responseClass.getCondition(), classPlace + ".condition", 0),
              responseClass.getIsFailure()));
    }
    Optional<Duration> timeout =
        route.hasTimeout() ? timeout(route.getTimeout(), place + ".timeout") : Optional.empty();
    RetryRule rule;
    try {
      Set<Integer> statuses = new HashSet<>();
      for (int code : route.getRetryGrpcStatusesList()) {
        statuses.add(code);
      }
      rule = new RetryRule(route.getRetryNonIdempotent(), statuses);
    } catch (IllegalArgumentException e) {
      throw new Problem(place + ".retry_grpc_statuses: " + afterField(e.getMessage()));
    }
    return new RouteSpec(
        route.getName(), condition, route.getIsRetryable(), timeout, classes, rule);
  }

  private static RequestMatch requestMatch(
      dev.meshctl.api.destination.RequestMatch match, String place, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Problem(place + ": conditions nested deeper than " + MAX_DEPTH);
    }
    return switch (match.getMatchCase()) {
      case ALL ->
          RequestMatch.all(requestMatches(match.getAll().getMatchesList(), place + ".all", depth));
      case ANY ->
          RequestMatch.any(requestMatches(match.getAny().getMatchesList(), place + ".any", depth));
      case NOT -> RequestMatch.not(requestMatch(match.getNot(), place + ".not", depth + 1));
      case PATH -> pathRegex(match.getPath().getRegex(), place + ".path.regex");
      case METHOD -> {
        try {
          yield RequestMatch.method(match.getMethod().getName());
        } catch (IllegalArgumentException e) {
          // The message starts with the field: "method: ...".
          yield throwProblem(place + "." + e.getMessage());
        }
      }
      case MATCH_NOT_SET ->
          throwProblem(place + ": empty; expected one of all, any, not, path or method");
    };
  }

  private static List<RequestMatch> requestMatches(
      List<dev.meshctl.api.destination.RequestMatch> matches, String place, int depth) {
    List<RequestMatch> out = new ArrayList<>(matches.size());
    for (int i = 0; i < matches.size(); i++) {
      out.add(requestMatch(matches.get(i), place + "[" + i + "]", depth + 1));
    }
    return out;
  }

  private static RequestMatch pathRegex(String regex, String place) {
    try {
      return RequestMatch.pathRegex(regex);
    } catch (PatternSyntaxException e) {
      // The exception's own message spans lines (it draws a caret under the pattern).
      throw new Problem(
          place
              + ": \""
              + ConfigException.printable(regex)
              + "\" is not a valid regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
    }
  }

  private static ResponseMatch responseMatch(
      dev.meshctl.api.destination.ResponseMatch match, String place, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Problem(place + ": conditions nested deeper than " + MAX_DEPTH);
    }
    return switch (match.getMatchCase()) {
      case ALL ->
          new ResponseMatch.All(
              responseMatches(match.getAll().getMatchesList(), place + ".all", depth));
      case ANY ->
          new ResponseMatch.Any(
              responseMatches(match.getAny().getMatchesList(), place + ".any", depth));
      case NOT -> new ResponseMatch.Not(responseMatch(match.getNot(), place + ".not", depth + 1));
      case STATUS -> status(match.getStatus(), place);
      case MATCH_NOT_SET ->
          throwProblem(place + ": empty; expected one of all, any, not or status");
    };
  }

  private static List<ResponseMatch> responseMatches(
      List<dev.meshctl.api.destination.ResponseMatch> matches, String place, int depth) {
    List<ResponseMatch> out = new ArrayList<>(matches.size());
    for (int i = 0; i < matches.size(); i++) {
      out.add(responseMatch(matches.get(i), place + "[" + i + "]", depth + 1));
    }
    return out;
  }

  /** A range; an unset (zero) bound is open: min 100, max 599. */
  private static ResponseMatch status(StatusRange range, String place) {
    long min =
        range.getMin() == 0 ? ResponseMatch.MIN_STATUS : Integer.toUnsignedLong(range.getMin());
    long max =
        range.getMax() == 0 ? ResponseMatch.MAX_STATUS : Integer.toUnsignedLong(range.getMax());
    if (min > ResponseMatch.MAX_STATUS || max > ResponseMatch.MAX_STATUS) {
      throw new Problem(
          place
              + ".status: "
              + min
              + "-"
              + max
              + " is not within "
              + ResponseMatch.MIN_STATUS
              + "-"
              + ResponseMatch.MAX_STATUS);
    }
    try {
      return new ResponseMatch.Status((int) min, (int) max);
    } catch (IllegalArgumentException e) {
      throw new Problem(place + "." + e.getMessage());
    }
  }

  /** Zero is no timeout, as the contract says; negative is an error. */
  private static Optional<Duration> timeout(com.google.protobuf.Duration timeout, String place) {
    Duration duration = duration(timeout, place);
    return duration.isZero() ? Optional.empty() : Optional.of(duration);
  }

  private static RetryBudgetSpec retryBudget(
      dev.meshctl.api.destination.RetryBudget budget, String place) {
    Duration ttl =
        budget.hasTtl() ? duration(budget.getTtl(), place + ".ttl") : RetryBudgetSpec.DEFAULT_TTL;
    long minRetries = Integer.toUnsignedLong(budget.getMinRetriesPerSecond());
    if (minRetries > Integer.MAX_VALUE) {
      throw new Problem(
          place
              + ".min_retries_per_second: "
              + minRetries
              + " must be at most "
              + Integer.MAX_VALUE);
    }
    try {
      // The float's shortest decimal (0.2f is 0.2, not 0.20000000298...): the ratio as written.
      double ratio = Double.parseDouble(Float.toString(budget.getRetryRatio()));
      return new RetryBudgetSpec(ratio, (int) minRetries, ttl);
    } catch (IllegalArgumentException e) {
      // The message starts with the field, in the file's spelling: "retryRatio: ...".
      throw new Problem(place + "." + protoField(e.getMessage()));
    }
  }

  private static Duration duration(com.google.protobuf.Duration duration, String place) {
    long seconds = duration.getSeconds();
    int nanos = duration.getNanos();
    if (seconds < 0 || nanos < 0 || nanos > 999_999_999) {
      throw new Problem(
          place + ": " + seconds + "s " + nanos + "ns is not a duration of zero or more");
    }
    try {
      Duration result = Duration.ofSeconds(seconds, nanos);
      result.toNanos(); // timers count in nanoseconds: about 292 years at most
      return result;
    } catch (ArithmeticException e) {
      throw new Problem(place + ": " + seconds + "s is too long; expected at most 2562047h");
    }
  }

  /** {@code retryRatio: ...} as {@code retry_ratio: ...}: the contract's field names. */
  private static String protoField(String message) {
    return message
        .replaceFirst("^retryRatio:", "retry_ratio:")
        .replaceFirst("^minRetriesPerSecond:", "min_retries_per_second:");
  }

  /** The message without its leading {@code field: }. */
  private static String afterField(String message) {
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  private static <T> T throwProblem(String message) {
    throw new Problem(message);
  }

  /** A problem found deep in the profile, turned into the checked exception at the top. */
  private static final class Problem extends RuntimeException {
    Problem(String message) {
      super(message, null, false, false);
    }
  }

  /** The profile cannot be used; the message names the place and the problem. */
  static final class InvalidProfileException extends Exception {
    InvalidProfileException(String message) {
      super(message, null, false, false);
    }
  }
}
