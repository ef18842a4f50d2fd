package dev.meshctl.proxy.discovery;

import static dev.meshctl.proxy.discovery.DestinationsYaml.describe;
import static dev.meshctl.proxy.discovery.DestinationsYaml.printable;

import dev.meshctl.proxy.profile.RequestMatch;
import dev.meshctl.proxy.profile.ResponseClass;
import dev.meshctl.proxy.profile.ResponseMatch;
import dev.meshctl.proxy.profile.RetryBudgetSpec;
import dev.meshctl.proxy.profile.RetryRule;
import dev.meshctl.proxy.profile.RouteSpec;
import dev.meshctl.proxy.profile.ServiceProfile;
import dev.meshctl.proxy.profile.WeightedDst;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the {@code profile} of a destination in the static destinations file: the routes and retry
 * budget of a Linkerd ServiceProfile's spec (format in {@code mesh-proxy/README.md}, section
 * "Static destinations"). Like the rest of the file, unknown keys are errors and every problem
 * names its place ({@code destinations[0].profile.routes[1].condition.pathRegex}).
 */
final class ProfileYaml {

  private static final List<String> PROFILE_KEYS = List.of("routes", "retryBudget", "dstOverrides");
  private static final List<String> DST_OVERRIDE_KEYS = List.of("authority", "weight");
  private static final List<String> ROUTE_KEYS =
      List.of(
          "name",
          "condition",
          "isRetryable",
          "timeout",
          "responseClasses",
          "retryNonIdempotent",
          "retryGrpcStatuses");
  private static final List<String> REQUEST_MATCH_KEYS =
      List.of("method", "pathRegex", "all", "any", "not");
  private static final List<String> RESPONSE_CLASS_KEYS = List.of("condition", "isFailure");
  private static final List<String> RESPONSE_MATCH_KEYS = List.of("status", "all", "any", "not");
  private static final List<String> STATUS_KEYS = List.of("min", "max");
  private static final List<String> RETRY_BUDGET_KEYS =
      List.of("retryRatio", "minRetriesPerSecond", "ttl");

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,18})(ms|s|m|h)");

  /** Go's duration syntax, which Linkerd takes: fractions and several units. */
  private static final Pattern GO_DURATION = Pattern.compile("([0-9.]+(ms|s|m|h))+");

  private static final String A_DURATION = "a duration such as 500ms, 10s or 1m";

  private final Path file;

  ProfileYaml(Path file) {
    this.file = file;
  }

  /** The profile at {@code place}; absent or empty is {@link ServiceProfile#none()}. */
  ServiceProfile profile(Object node, String place) {
    if (node == null) {
      return ServiceProfile.none();
    }
    Map<?, ?> map = mapping(node, place, "routes and retryBudget");
    checkKeys(map, place, PROFILE_KEYS);
    List<?> list = list(map.get("routes"), place + ".routes", "a list of routes");
    List<RouteSpec> routes = new ArrayList<>(list.size());
    Map<String, Integer> namedAt = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String routePlace = place + ".routes[" + i + "]";
      RouteSpec route = route(list.get(i), routePlace);
      Integer earlier = namedAt.putIfAbsent(route.name(), i);
      if (earlier != null) {
        throw problem(
            routePlace
                + ".name: \""
                + printable(route.name())
                + "\" is already the name of routes["
                + earlier
                + "]");
      }
      routes.add(route);
    }
    List<WeightedDst> split = dstOverrides(map.get("dstOverrides"), place + ".dstOverrides");
    try {
      return new ServiceProfile(
          routes, retryBudget(map.get("retryBudget"), place + ".retryBudget"), split);
    } catch (IllegalArgumentException e) {
      throw problem(place + "." + e.getMessage());
    }
  }

  /** A traffic split: backends by authority, each with a whole-number weight. */
  private List<WeightedDst> dstOverrides(Object node, String place) {
    List<?> list = list(node, place, "a list of {authority, weight}");
    List<WeightedDst> split = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String at = place + "[" + i + "]";
      Map<?, ?> map = mapping(list.get(i), at, "authority and weight");
      checkKeys(map, at, DST_OVERRIDE_KEYS);
      Object authority = map.get("authority");
      if (!(authority instanceof String text)) {
        throw problem(
            at
                + ".authority: expected the host:port of a backend such as"
                + " books-v2.demo.svc.cluster.local:8080, found "
                + describe(authority));
      }
      Authority parsed;
      try {
        parsed = Authority.parse(text, 80);
      } catch (IllegalArgumentException e) {
        throw problem(
            at
                + ".authority: \""
                + printable(text)
                + "\" is not a valid authority ("
                + e.getMessage()
                + ")");
      }
      Object weight = map.get("weight");
      if (!(weight instanceof Integer w) || w < 0) {
        throw problem(
            at + ".weight: expected a whole number of 0 or more, found " + describe(weight));
      }
      split.add(new WeightedDst(parsed, w));
    }
    return split;
  }

  private RouteSpec route(Object node, String place) {
    Map<?, ?> map = mapping(node, place, "name and condition");
    checkKeys(map, place, ROUTE_KEYS);
    String name = routeName(map.get("name"), place + ".name");
    RequestMatch condition = requestMatch(map.get("condition"), place + ".condition");
    boolean retryable = bool(map, "isRetryable", place);
    Optional<Duration> timeout =
        map.containsKey("timeout")
            ? Optional.of(duration(map.get("timeout"), place + ".timeout"))
            : Optional.empty();
    List<?> list =
        list(map.get("responseClasses"), place + ".responseClasses", "a list of response classes");
    List<ResponseClass> responseClasses = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      responseClasses.add(responseClass(list.get(i), place + ".responseClasses[" + i + "]"));
    }
    RetryRule retryRule =
        new RetryRule(
            bool(map, "retryNonIdempotent", place),
            grpcStatuses(map.get("retryGrpcStatuses"), place + ".retryGrpcStatuses"));
    try {
      return new RouteSpec(name, condition, retryable, timeout, responseClasses, retryRule);
    } catch (IllegalArgumentException e) {
      throw problem(place + "." + e.getMessage());
    }
  }

  private Set<Integer> grpcStatuses(Object node, String place) {
    List<?> list = list(node, place, "a list of gRPC statuses such as [UNAVAILABLE]");
    Set<Integer> codes = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String at = place + "[" + i + "]";
      if (!(item instanceof String || item instanceof Integer)) {
        throw problem(at + ": expected a gRPC status such as UNAVAILABLE, found " + describe(item));
      }
      try {
        int code = RetryRule.grpcStatus(item.toString());
        if (code < 1 || code > 16) {
          throw new IllegalArgumentException(
              code + " is not a gRPC error status (1 to 16; 0 is OK)");
        }
        codes.add(code);
      } catch (IllegalArgumentException e) {
        throw problem(at + ": " + e.getMessage());
      }
    }
    return codes;
  }

  private String routeName(Object node, String place) {
    if (node == null) {
      throw problem(place + ": missing; expected the route's name, such as list-books");
    }
    if (!(node instanceof String name) || name.isEmpty()) {
      throw problem(place + ": expected a name such as list-books, found " + describe(node));
    }
    if (name.equals(RouteSpec.DEFAULT_NAME)) {
      throw problem(
          place
              + ": \""
              + name
              + "\" is the name of the route of requests that match no route; choose another");
    }
    return name;
  }

  private RequestMatch requestMatch(Object node, String place) {
    if (node == null) {
      throw problem(
          place + ": missing; expected a condition such as {method: GET, pathRegex: /books}");
    }
    Map<?, ?> map = mapping(node, place, "method, pathRegex, all, any or not");
    checkKeys(map, place, REQUEST_MATCH_KEYS);
    // A fixed order, cheapest first, whatever the file's: the same condition reformatted is equal.
    List<RequestMatch> matches = new ArrayList<>();
    if (map.containsKey("method")) {
      matches.add(method(map.get("method"), place));
    }
    if (map.containsKey("pathRegex")) {
      matches.add(pathRegex(map.get("pathRegex"), place + ".pathRegex"));
    }
    if (map.containsKey("all")) {
      matches.add(RequestMatch.all(requestMatches(map.get("all"), place + ".all")));
    }
    if (map.containsKey("any")) {
      matches.add(RequestMatch.any(requestMatches(map.get("any"), place + ".any")));
    }
    if (map.containsKey("not")) {
      matches.add(RequestMatch.not(requestMatch(map.get("not"), place + ".not")));
    }
    if (matches.isEmpty()) {
      throw problem(place + ": empty; expected at least one of " + or(REQUEST_MATCH_KEYS));
    }
    // Several keys in one condition must all match, as in Linkerd.
    return matches.size() == 1 ? matches.get(0) : RequestMatch.all(matches);
  }

  private List<RequestMatch> requestMatches(Object node, String place) {
    if (!(node instanceof List<?> list)) {
      throw problem(place + ": expected a list of conditions, found " + describe(node));
    }
    List<RequestMatch> matches = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      matches.add(requestMatch(list.get(i), place + "[" + i + "]"));
    }
    return matches;
  }

  private RequestMatch method(Object node, String conditionPlace) {
    if (!(node instanceof String method)) {
      throw problem(
          conditionPlace + ".method: expected a method such as GET, found " + describe(node));
    }
    try {
      return RequestMatch.method(method);
    } catch (IllegalArgumentException e) {
      throw problem(conditionPlace + "." + e.getMessage());
    }
  }

  private RequestMatch pathRegex(Object node, String place) {
    if (!(node instanceof String regex) || regex.isEmpty()) {
      throw problem(
          place + ": expected a regular expression such as /books/[0-9]+, found " + describe(node));
    }
    try {
      return RequestMatch.pathRegex(regex);
    } catch (PatternSyntaxException e) {
      // The exception's own message spans lines (it draws a caret under the pattern).
      throw problem(
          place
              + ": \""
              + printable(regex)
              + "\" is not a valid regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
    }
  }

  private ResponseClass responseClass(Object node, String place) {
    Map<?, ?> map = mapping(node, place, "condition and isFailure");
    checkKeys(map, place, RESPONSE_CLASS_KEYS);
    ResponseMatch condition = responseMatch(map.get("condition"), place + ".condition");
    return new ResponseClass(condition, bool(map, "isFailure", place));
  }

  private ResponseMatch responseMatch(Object node, String place) {
    if (node == null) {
      throw problem(
          place + ": missing; expected a condition such as {status: {min: 500, max: 599}}");
    }
    Map<?, ?> map = mapping(node, place, "status, all, any or not");
    checkKeys(map, place, RESPONSE_MATCH_KEYS);
    List<ResponseMatch> matches = new ArrayList<>();
    if (map.containsKey("status")) {
      matches.add(status(map.get("status"), place));
    }
    if (map.containsKey("all")) {
      matches.add(new ResponseMatch.All(responseMatches(map.get("all"), place + ".all")));
    }
    if (map.containsKey("any")) {
      matches.add(new ResponseMatch.Any(responseMatches(map.get("any"), place + ".any")));
    }
    if (map.containsKey("not")) {
      matches.add(new ResponseMatch.Not(responseMatch(map.get("not"), place + ".not")));
    }
    if (matches.isEmpty()) {
      throw problem(place + ": empty; expected at least one of " + or(RESPONSE_MATCH_KEYS));
    }
    return matches.size() == 1 ? matches.get(0) : new ResponseMatch.All(matches);
  }

  private List<ResponseMatch> responseMatches(Object node, String place) {
    if (!(node instanceof List<?> list)) {
      throw problem(place + ": expected a list of conditions, found " + describe(node));
    }
    List<ResponseMatch> matches = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      matches.add(responseMatch(list.get(i), place + "[" + i + "]"));
    }
    return matches;
  }

  private ResponseMatch status(Object node, String conditionPlace) {
    String place = conditionPlace + ".status";
    Map<?, ?> map = mapping(node, place, "min and max");
    checkKeys(map, place, STATUS_KEYS);
    int min = statusCode(map, "min", ResponseMatch.MIN_STATUS, place);
    int max = statusCode(map, "max", ResponseMatch.MAX_STATUS, place);
    try {
      return new ResponseMatch.Status(min, max);
    } catch (IllegalArgumentException e) {
      throw problem(conditionPlace + "." + e.getMessage());
    }
  }

  private int statusCode(Map<?, ?> status, String key, int absent, String place) {
    if (!status.containsKey(key)) {
      return absent;
    }
    Object node = status.get(key);
    if (node instanceof Integer code
        && code >= ResponseMatch.MIN_STATUS
        && code <= ResponseMatch.MAX_STATUS) {
      return code;
    }
    throw problem(
        place
            + "."
            + key
            + ": "
            + describe(node)
            + " is not a status code from "
            + ResponseMatch.MIN_STATUS
            + " to "
            + ResponseMatch.MAX_STATUS);
  }

  private RetryBudgetSpec retryBudget(Object node, String place) {
    if (node == null) {
      return RetryBudgetSpec.DEFAULT;
    }
    Map<?, ?> map = mapping(node, place, "retryRatio, minRetriesPerSecond and ttl");
    checkKeys(map, place, RETRY_BUDGET_KEYS);
    double retryRatio = RetryBudgetSpec.DEFAULT_RETRY_RATIO;
    if (map.containsKey("retryRatio")) {
      Object ratio = map.get("retryRatio");
      if (!(ratio instanceof Number number)) {
        throw problem(
            place + ".retryRatio: expected a number such as 0.2, found " + describe(ratio));
      }
      retryRatio = number.doubleValue();
    }
    int minRetriesPerSecond = RetryBudgetSpec.DEFAULT_MIN_RETRIES_PER_SECOND;
    if (map.containsKey("minRetriesPerSecond")) {
      minRetriesPerSecond =
          minRetriesPerSecond(map.get("minRetriesPerSecond"), place + ".minRetriesPerSecond");
    }
    Duration ttl =
        map.containsKey("ttl")
            ? duration(map.get("ttl"), place + ".ttl")
            : RetryBudgetSpec.DEFAULT_TTL;
    try {
      return new RetryBudgetSpec(retryRatio, minRetriesPerSecond, ttl);
    } catch (IllegalArgumentException e) {
      throw problem(place + "." + e.getMessage());
    }
  }

  private int minRetriesPerSecond(Object node, String place) {
    boolean whole = node instanceof Integer || node instanceof Long || node instanceof BigInteger;
    if (!whole) {
      throw problem(place + ": expected a whole number such as 10, found " + describe(node));
    }
    BigInteger value = new BigInteger(node.toString());
    if (value.signum() < 0) {
      throw problem(place + ": " + value + " must be at least 0");
    }
    if (value.bitLength() > 31) {
      throw problem(place + ": " + value + " must be at most " + Integer.MAX_VALUE);
    }
    return value.intValueExact();
  }

  /** A whole number and a unit, as the proxy's other durations (not Go's {@code 1m30s}). */
  private Duration duration(Object node, String place) {
    if (node == null) {
      throw problem(place + ": missing; expected " + A_DURATION);
    }
    String text = node instanceof String s ? s : null;
    Matcher matcher = DURATION.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      String hint = "";
      if (node instanceof Number || (text != null && text.chars().allMatch(Character::isDigit))) {
        hint = " (the unit ms, s, m or h is required)";
      } else if (text != null && text.startsWith("-")) {
        hint = " (negative durations are not allowed)";
      } else if (text != null && GO_DURATION.matcher(text).matches()) {
        hint = " (one whole number and one unit: 1500ms rather than 1.5s or 1s500ms)";
      }
      throw problem(place + ": " + describe(node) + " expected " + A_DURATION + hint);
    }
    ChronoUnit unit =
        switch (matcher.group(2)) {
          case "ms" -> ChronoUnit.MILLIS;
          case "s" -> ChronoUnit.SECONDS;
          case "m" -> ChronoUnit.MINUTES;
          default -> ChronoUnit.HOURS;
        };
    try {
      Duration duration = Duration.of(Long.parseLong(matcher.group(1)), unit);
      duration.toNanos(); // timers count in nanoseconds: about 292 years at most
      return duration;
    } catch (ArithmeticException e) {
      throw problem(place + ": \"" + text + "\" is too long; expected at most 2562047h");
    }
  }

  /** An optional boolean, false when absent. */
  private boolean bool(Map<?, ?> map, String key, String place) {
    if (!map.containsKey(key)) {
      return false;
    }
    if (map.get(key) instanceof Boolean value) {
      return value;
    }
    throw problem(place + "." + key + ": expected true or false, found " + describe(map.get(key)));
  }

  private void checkKeys(Map<?, ?> map, String place, List<String> known) {
    for (Object key : map.keySet()) {
      if (!known.contains(key)) {
        throw problem(place + ": unknown key " + describe(key) + "; expected " + or(known));
      }
    }
  }

  private Map<?, ?> mapping(Object node, String place, String keys) {
    if (node instanceof Map<?, ?> map) {
      return map;
    }
    throw problem(place + ": expected a mapping with " + keys + ", found " + describe(node));
  }

  /** A list; an absent or empty ({@code key:}) value is an empty list. */
  private List<?> list(Object node, String place, String what) {
    if (node == null) {
      return List.of();
    }
    if (node instanceof List<?> list) {
      return list;
    }
    throw problem(place + ": expected " + what + ", found " + describe(node));
  }

  /** {@code a, b or c}. */
  private static String or(List<String> words) {
    int last = words.size() - 1;
    return String.join(", ", words.subList(0, last)) + " or " + words.get(last);
  }

  private DestinationsFileException problem(String problem) {
    return new DestinationsFileException(file, problem);
  }
}
