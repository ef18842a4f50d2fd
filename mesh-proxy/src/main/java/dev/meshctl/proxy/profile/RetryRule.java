package dev.meshctl.proxy.profile;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which requests of a retryable route may be retried, beyond the route being retryable at all.
 *
 * <p>By default only requests with an idempotent method (RFC 9110 section 9.2.2: GET, HEAD,
 * OPTIONS, TRACE, PUT, DELETE) are retried: a POST that failed may still have had its effect.
 * {@code nonIdempotentMethods} lifts that for routes whose author knows better. gRPC calls are
 * POSTs; listing gRPC status codes in {@code grpcStatuses} makes the route's gRPC calls retryable
 * and says which statuses of a trailers-only response are worth a retry (a response whose body has
 * started streaming to the client cannot be taken back, so its trailers come too late).
 *
 * @param nonIdempotentMethods retry requests of any method
 * @param grpcStatuses gRPC status codes (0-16) after which a gRPC call is retried; empty for none
 */
public record RetryRule(boolean nonIdempotentMethods, Set<Integer> grpcStatuses) {

  /** Idempotent methods only; gRPC calls not retried on their status. */
  public static final RetryRule DEFAULT = new RetryRule(false, Set.of());

  /** The names of gRPC status codes 0 to 16, as in the gRPC specification's status-codes page. */
  private static final List<String> GRPC_STATUS_NAMES =
      List.of(
          "OK",
          "CANCELLED",
          "UNKNOWN",
          "INVALID_ARGUMENT",
          "DEADLINE_EXCEEDED",
          "NOT_FOUND",
          "ALREADY_EXISTS",
          "PERMISSION_DENIED",
          "RESOURCE_EXHAUSTED",
          "FAILED_PRECONDITION",
          "ABORTED",
          "OUT_OF_RANGE",
          "UNIMPLEMENTED",
          "INTERNAL",
          "UNAVAILABLE",
          "DATA_LOSS",
          "UNAUTHENTICATED");

  public RetryRule {
    for (int code : grpcStatuses) {
      if (code < 1 || code >= GRPC_STATUS_NAMES.size()) {
        throw new IllegalArgumentException(
            "retryGrpcStatuses: "
                + code
                + " is not a gRPC error status (1 to "
                + (GRPC_STATUS_NAMES.size() - 1)
                + ")");
      }
    }
    grpcStatuses = Set.copyOf(new TreeSet<>(grpcStatuses));
  }

  /**
   * A gRPC status code from its name ({@code UNAVAILABLE}, {@code unavailable}, {@code
   * resource-exhausted}) or its number.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static int grpcStatus(String text) {
    String t = text.trim();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(t);
    }
    int code = GRPC_STATUS_NAMES.indexOf(t.toUpperCase(Locale.ROOT).replace('-', '_'));
    if (code < 0) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a gRPC status; expected a name such as UNAVAILABLE or a number from 1"
              + " to 16");
    }
    return code;
  }

  /** Whether a request with this method may be retried (gRPC calls aside). */
  public boolean coversMethod(String method) {
    if (nonIdempotentMethods) {
      return true;
    }
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  /** Whether a gRPC call that ended with this status may be retried. */
  public boolean retriesGrpcStatus(int code) {
    return grpcStatuses.contains(code);
  }
}
