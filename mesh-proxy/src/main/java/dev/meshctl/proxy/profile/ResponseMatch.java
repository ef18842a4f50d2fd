package dev.meshctl.proxy.profile;

import java.util.List;
import java.util.Objects;

/**
 * The condition of a {@link ResponseClass}: which responses it covers, as a Linkerd
 * ServiceProfile's {@code ResponseMatch}. Only the HTTP status is looked at.
 */
public sealed interface ResponseMatch
    permits ResponseMatch.All, ResponseMatch.Any, ResponseMatch.Not, ResponseMatch.Status {

  /** The lowest and highest HTTP status codes (RFC 9110 section 15). */
  int MIN_STATUS = 100;

  int MAX_STATUS = 599;

  boolean matches(int status);

  /** Every one of the conditions. */
  record All(List<ResponseMatch> matches) implements ResponseMatch {

    public All {
      matches = List.copyOf(matches);
    }

    @Override
    public boolean matches(int status) {
      for (int i = 0; i < matches.size(); i++) {
        if (!matches.get(i).matches(status)) {
          return false;
        }
      }
      return true;
    }
  }

  /** At least one of the conditions. */
  record Any(List<ResponseMatch> matches) implements ResponseMatch {

    public Any {
      matches = List.copyOf(matches);
    }

    @Override
    public boolean matches(int status) {
      for (int i = 0; i < matches.size(); i++) {
        if (matches.get(i).matches(status)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The opposite of a condition. */
  record Not(ResponseMatch match) implements ResponseMatch {

    public Not {
      Objects.requireNonNull(match, "match");
    }

    @Override
    public boolean matches(int status) {
      return !match.matches(status);
    }
  }

  /** A status from {@code min} to {@code max}, both included. */
  record Status(int min, int max) implements ResponseMatch {

    public Status {
      if (min < MIN_STATUS || max > MAX_STATUS) {
        throw new IllegalArgumentException(
            "status: " + min + "-" + max + " is not within " + MIN_STATUS + "-" + MAX_STATUS);
      }
      if (min > max) {
        throw new IllegalArgumentException("status: min " + min + " is greater than max " + max);
      }
    }

    @Override
    public boolean matches(int status) {
      return status >= min && status <= max;
    }
  }
}
