package dev.meshctl.controller.discovery;

import com.google.protobuf.Duration;
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
import io.grpc.Status;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the spec of a ServiceProfile (Linkerd's ServiceProfile spec, plus the route fields {@code
 * retryNonIdempotent} and {@code retryGrpcStatuses}) into the wire form. Every problem is an {@link
 * IllegalArgumentException} whose message starts with the field's place: {@code
 * spec.routes[1].condition.pathRegex: ...}.
 */
final class ServiceProfileSpecParser {

  private static final Set<String> SPEC_KEYS = Set.of("routes", "retryBudget", "dstOverrides");
  private static final Set<String> ROUTE_KEYS =
      Set.of(
          "name",
          "condition",
          "responseClasses",
          "isRetryable",
          "timeout",
          "retryNonIdempotent",
          "retryGrpcStatuses");
  private static final Set<String> REQUEST_MATCH_KEYS =
      Set.of("all", "any", "not", "pathRegex", "method");
  private static final Set<String> RESPONSE_MATCH_KEYS = Set.of("all", "any", "not", "status");

  /**
   * A Go duration, as Linkerd writes timeouts and TTLs: {@code 300ms}, {@code 1.5s}, {@code 1m30s}.
   */
  private static final Pattern DURATION = Pattern.compile("((\\d+(\\.\\d+)?)(ns|us|µs|ms|s|m|h))");

  private static final Pattern METHOD = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  private ServiceProfileSpecParser() {}

  static ServiceProfileRecord parse(ObjectKey key, Object spec) {
    if (spec == null) {
      return new ServiceProfileRecord(key, List.of(), Optional.empty(), List.of());
    }
    Map<String, Object> fields = map(spec, "spec", SPEC_KEYS);
    List<Route> routes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Object> routeList = list(fields.get("routes"), "spec.routes");
    for (int i = 0; i < routeList.size(); i++) {
      Route route = route(routeList.get(i), "spec.routes[" + i + "]");
      if (!names.add(route.getName())) {
        throw new IllegalArgumentException(
            "spec.routes[" + i + "].name: \"" + route.getName() + "\" is used by another route");
      }
      routes.add(route);
    }
    Optional<RetryBudget> budget =
        fields.get("retryBudget") == null
            ? Optional.empty()
            : Optional.of(retryBudget(fields.get("retryBudget"), "spec.retryBudget"));
    List<WeightedDst> overrides = new ArrayList<>();
    List<Object> dstList = list(fields.get("dstOverrides"), "spec.dstOverrides");
    for (int i = 0; i < dstList.size(); i++) {
      String where = "spec.dstOverrides[" + i + "]";
      Map<String, Object> dst = map(dstList.get(i), where, Set.of("authority", "weight"));
      overrides.add(
          WeightedDst.newBuilder()
              .setAuthority(string(dst.get("authority"), where + ".authority", true))
              .setWeight(weight(dst.get("weight"), where + ".weight"))
              .build());
    }
    return new ServiceProfileRecord(key, routes, budget, overrides);
  }

  private static Route route(Object value, String where) {
    Map<String, Object> fields = map(value, where, ROUTE_KEYS);
    Route.Builder route =
        Route.newBuilder().setName(string(fields.get("name"), where + ".name", true));
    if (fields.get("condition") == null) {
      throw new IllegalArgumentException(where + ".condition: missing");
    }
    route.setCondition(requestMatch(fields.get("condition"), where + ".condition"));
    List<Object> classes = list(fields.get("responseClasses"), where + ".responseClasses");
    for (int i = 0; i < classes.size(); i++) {
      String at = where + ".responseClasses[" + i + "]";
      Map<String, Object> responseClass = map(classes.get(i), at, Set.of("condition", "isFailure"));
      if (responseClass.get("condition") == null) {
        throw new IllegalArgumentException(at + ".condition: missing");
      }
      route.addResponseClasses(
          ResponseClass.newBuilder()
              .setCondition(responseMatch(responseClass.get("condition"), at + ".condition"))
              .setIsFailure(bool(responseClass.get("isFailure"), at + ".isFailure")));
    }
    route.setIsRetryable(bool(fields.get("isRetryable"), where + ".isRetryable"));
    route.setRetryNonIdempotent(
        bool(fields.get("retryNonIdempotent"), where + ".retryNonIdempotent"));
    List<Object> statuses = list(fields.get("retryGrpcStatuses"), where + ".retryGrpcStatuses");
    for (int i = 0; i < statuses.size(); i++) {
      route.addRetryGrpcStatuses(
          grpcStatus(statuses.get(i), where + ".retryGrpcStatuses[" + i + "]"));
    }
    if (fields.get("timeout") != null) {
      route.setTimeout(duration(fields.get("timeout"), where + ".timeout"));
    }
    return route.build();
  }

  private static RequestMatch requestMatch(Object value, String where) {
    Map<String, Object> fields = map(value, where, REQUEST_MATCH_KEYS);
    List<RequestMatch> matches = new ArrayList<>();
    if (fields.containsKey("all")) {
      matches.add(
          RequestMatch.newBuilder().setAll(requestSeq(fields.get("all"), where + ".all")).build());
    }
    if (fields.containsKey("any")) {
      matches.add(
          RequestMatch.newBuilder().setAny(requestSeq(fields.get("any"), where + ".any")).build());
    }
    if (fields.containsKey("not")) {
      matches.add(
          RequestMatch.newBuilder()
              .setNot(requestMatch(fields.get("not"), where + ".not"))
              .build());
    }
    if (fields.containsKey("pathRegex")) {
      String regex = string(fields.get("pathRegex"), where + ".pathRegex", false);
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            where
                + ".pathRegex: \""
                + regex
                + "\" is not a valid regular expression: "
                + e.getDescription());
      }
      matches.add(
          RequestMatch.newBuilder().setPath(PathMatch.newBuilder().setRegex(regex)).build());
    }
    if (fields.containsKey("method")) {
      String method = string(fields.get("method"), where + ".method", true);
      if (!METHOD.matcher(method).matches()) {
        throw new IllegalArgumentException(
            where + ".method: \"" + method + "\" is not an HTTP method such as GET or POST");
      }
      matches.add(
          RequestMatch.newBuilder().setMethod(HttpMethod.newBuilder().setName(method)).build());
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": needs at least one of all, any, not, pathRegex, method");
    }
    // Several keys in one condition must all match, as in Linkerd.
    return matches.size() == 1
        ? matches.get(0)
        : RequestMatch.newBuilder()
            .setAll(RequestMatchSeq.newBuilder().addAllMatches(matches))
            .build();
  }

  private static RequestMatchSeq requestSeq(Object value, String where) {
    RequestMatchSeq.Builder seq = RequestMatchSeq.newBuilder();
    List<Object> items = list(value, where);
    for (int i = 0; i < items.size(); i++) {
      seq.addMatches(requestMatch(items.get(i), where + "[" + i + "]"));
    }
    return seq.build();
  }

  private static ResponseMatch responseMatch(Object value, String where) {
    Map<String, Object> fields = map(value, where, RESPONSE_MATCH_KEYS);
    List<ResponseMatch> matches = new ArrayList<>();
    if (fields.containsKey("all")) {
      matches.add(
          ResponseMatch.newBuilder()
              .setAll(responseSeq(fields.get("all"), where + ".all"))
              .build());
    }
    if (fields.containsKey("any")) {
      matches.add(
          ResponseMatch.newBuilder()
              .setAny(responseSeq(fields.get("any"), where + ".any"))
              .build());
    }
    if (fields.containsKey("not")) {
      matches.add(
          ResponseMatch.newBuilder()
              .setNot(responseMatch(fields.get("not"), where + ".not"))
              .build());
    }
    if (fields.containsKey("status")) {
      String at = where + ".status";
      Map<String, Object> status = map(fields.get("status"), at, Set.of("min", "max"));
      int min = status.get("min") == null ? 100 : integer(status.get("min"), at + ".min");
      int max = status.get("max") == null ? 599 : integer(status.get("max"), at + ".max");
      if (min < 100 || max > 599 || min > max) {
        throw new IllegalArgumentException(
            at + ": " + min + "-" + max + " is not a range within 100-599");
      }
      matches.add(
          ResponseMatch.newBuilder()
              .setStatus(StatusRange.newBuilder().setMin(min).setMax(max))
              .build());
    }
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(where + ": needs at least one of all, any, not, status");
    }
    return matches.size() == 1
        ? matches.get(0)
        : ResponseMatch.newBuilder()
            .setAll(ResponseMatchSeq.newBuilder().addAllMatches(matches))
            .build();
  }

  private static ResponseMatchSeq responseSeq(Object value, String where) {
    ResponseMatchSeq.Builder seq = ResponseMatchSeq.newBuilder();
    List<Object> items = list(value, where);
    for (int i = 0; i < items.size(); i++) {
      seq.addMatches(responseMatch(items.get(i), where + "[" + i + "]"));
    }
    return seq.build();
  }

  private static RetryBudget retryBudget(Object value, String where) {
    Map<String, Object> fields =
        map(value, where, Set.of("retryRatio", "minRetriesPerSecond", "ttl"));
    RetryBudget.Builder budget = DestinationDefaults.retryBudget().toBuilder();
    if (fields.get("retryRatio") != null) {
      double ratio = number(fields.get("retryRatio"), where + ".retryRatio").doubleValue();
      if (ratio < 0 || ratio > 1000) {
        throw new IllegalArgumentException(
            where + ".retryRatio: " + ratio + " is not within 0 to 1000");
      }
      budget.setRetryRatio((float) ratio);
    }
    if (fields.get("minRetriesPerSecond") != null) {
      int min = integer(fields.get("minRetriesPerSecond"), where + ".minRetriesPerSecond");
      if (min < 0) {
        throw new IllegalArgumentException(where + ".minRetriesPerSecond: " + min + " is negative");
      }
      budget.setMinRetriesPerSecond(min);
    }
    if (fields.get("ttl") != null) {
      budget.setTtl(duration(fields.get("ttl"), where + ".ttl"));
    }
    return budget.build();
  }

  private static int grpcStatus(Object value, String where) {
    if (value instanceof Number number) {
      int code = number.intValue();
      if (code < 1 || code > 16 || number.doubleValue() != code) {
        throw new IllegalArgumentException(
            where + ": " + value + " is not a gRPC status from 1 to 16");
      }
      return code;
    }
    String name = string(value, where, true);
    try {
      return grpcStatus(Integer.parseInt(name), where);
    } catch (NumberFormatException notANumber) {
      try {
        int code = Status.Code.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')).value();
        if (code == 0) {
          throw new IllegalArgumentException(where + ": OK is not a failure");
        }
        return code;
      } catch (IllegalArgumentException unknown) {
        if (unknown.getMessage() != null && unknown.getMessage().startsWith(where)) {
          throw unknown;
        }
        throw new IllegalArgumentException(
            where + ": \"" + name + "\" is not a gRPC status such as UNAVAILABLE or 14");
      }
    }
  }

  /** A Go duration: a sequence of decimal numbers with units ({@code 300ms}, {@code 1m30s}). */
  static Duration duration(Object value, String where) {
    String text = string(value, where, true).trim();
    Matcher matcher = DURATION.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      BigDecimal amount = new BigDecimal(matcher.group(2));
      long unit =
          switch (matcher.group(4)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
      end = matcher.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(
          where + ": \"" + text + "\" is not a duration such as 300ms, 1.5s or 1m30s");
    }
    long total = nanos.longValue();
    if (total <= 0) {
      throw new IllegalArgumentException(where + ": \"" + text + "\" must be greater than zero");
    }
    return Duration.newBuilder()
        .setSeconds(total / 1_000_000_000L)
        .setNanos((int) (total % 1_000_000_000L))
        .build();
  }

  /** A traffic-split weight: a whole number, or a Kubernetes quantity such as {@code 500m}. */
  private static int weight(Object value, String where) {
    if (value == null) {
      throw new IllegalArgumentException(where + ": missing");
    }
    String text = value.toString().trim();
    try {
      BigDecimal weight =
          text.endsWith("m")
              ? new BigDecimal(text.substring(0, text.length() - 1)).movePointLeft(3)
              : new BigDecimal(text);
      // Linkerd's weights are quantities; the wire carries thousandths of one.
      int millis = weight.movePointRight(3).intValueExact();
      if (millis < 0) {
        throw new ArithmeticException();
      }
      return millis;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": \"" + text + "\" is not a weight such as 1, 10 or 500m");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String where, Set<String> keys) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(where + ": expected an object, got " + describe(value));
    }
    for (Object key : map.keySet()) {
      if (!keys.contains(String.valueOf(key))) {
        throw new IllegalArgumentException(
            where
                + "."
                + key
                + ": unknown field (known: "
                + String.join(", ", keys.stream().sorted().toList())
                + ")");
      }
    }
    return (Map<String, Object>) map;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, String where) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(where + ": expected a list, got " + describe(value));
    }
    return (List<Object>) list;
  }

  private static String string(Object value, String where, boolean required) {
    if (value == null || (required && value.toString().isEmpty())) {
      throw new IllegalArgumentException(where + ": missing");
    }
    if (value instanceof Map || value instanceof List) {
      throw new IllegalArgumentException(where + ": expected a string, got " + describe(value));
    }
    return value.toString();
  }

  private static boolean bool(Object value, String where) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(where + ": expected true or false, got " + describe(value));
  }

  private static Number number(Object value, String where) {
    if (value instanceof Number n) {
      return n;
    }
    try {
      return new BigDecimal(string(value, where, true).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": expected a number, got " + describe(value));
    }
  }

  private static int integer(Object value, String where) {
    Number number = number(value, where);
    if (number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new IllegalArgumentException(where + ": expected a whole number, got " + value);
    }
    return number.intValue();
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "a list";
    }
    return "\"" + value + "\"";
  }
}
